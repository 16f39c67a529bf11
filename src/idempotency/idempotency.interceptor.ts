import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  applyDecorators,
} from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import type { StaffRequest } from '../auth/staff.guard.js';
import { ProblemException } from '../common/problem-details.js';
import { IdempotencyStore } from './idempotency.store.js';
import { idempotencyRequestHash } from './request-hash.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const SECRET_FIELDS = 'idempotency:secretFields';

/**
 * Response fields never stored for replays (a new API key is shown once and stored only hashed):
 * a replay returns the stored response without them.
 */
export const NotReplayed = (...fields: string[]): MethodDecorator =>
  SetMetadata(SECRET_FIELDS, fields);

function withoutFields(body: unknown, fields: string[] | undefined): unknown {
  if (!fields?.length || body === null || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on staff POSTs: the first request with a key does the work and its response
 * is stored for 24 hours; a retry with the same key and body gets that response again (same
 * status and body) without the work; the same key with another body is 422; a retry while the
 * first is still running is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<StaffRequest>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || key === undefined || !request.staff) return next.handle();
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ProblemException(400, `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
    }
    const { apiKeyId } = request.staff;
    const hash = idempotencyRequestHash(request.method, request.url, request.body);
    const claim = await this.store.claim(apiKeyId, key, hash);
    const reply = http.getResponse<FastifyReply>();
    switch (claim.kind) {
      case 'replay':
        void reply.status(claim.status).header('idempotent-replayed', 'true');
        return of(claim.body);
      case 'in-progress':
        throw new ProblemException(
          409,
          'A request with this Idempotency-Key is still running.',
          {},
          'about:blank',
          { 'retry-after': '1' },
        );
      case 'other-request':
        throw new ProblemException(
          422,
          'This Idempotency-Key was used for a different request; use a new key.',
        );
    }
    const handler = context.getHandler();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler) ?? HttpStatus.CREATED;
    const secrets = this.reflector.get<string[] | undefined>(SECRET_FIELDS, handler);
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          this.store.complete(apiKeyId, key, status, withoutFields(body, secrets)).then(() => body),
        ),
      ),
      catchError((error: unknown) =>
        from(
          this.store.release(apiKeyId, key).then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}

/** OpenAPI for staff POST routes: the optional `Idempotency-Key` header and its refusals. */
export const ApiIdempotencyKey = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key and body within 24 hours replays the first response.',
    }),
    ApiConflictResponse({ description: 'A request with this Idempotency-Key is still running.' }),
    ApiUnprocessableEntityResponse({
      description: 'This Idempotency-Key was used with another body.',
    }),
  );
