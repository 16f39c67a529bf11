import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ProblemException } from '../common/problem-details.js';
import type { IdempotentRequest } from './idempotent-request.js';
import { OnceOnly } from './once-only.js';
import { idempotencyRequestHash } from './request-hash.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const SECRET_FIELDS = 'idempotency:secretFields';
const MAX_KEY_LENGTH = 255;

/** The API key of an authenticated staff request (set by the staff guard). */
type KeyedRequest = FastifyRequest & { staff?: { apiKeyId: string | null } };

/**
 * Response fields never stored for replays (a new API key is shown once and stored only hashed):
 * a replay returns the stored response without them.
 */
export const NotReplayed = (...fields: string[]): MethodDecorator =>
  SetMetadata(SECRET_FIELDS, fields);

/**
 * `Idempotency-Key` on staff POSTs made with an API key, by the rules of OnceOnly: the answer is
 * stored for 24 hours (see IdempotencyStore.claimWithin), a replay says so in a header.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly onceOnly: OnceOnly,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<KeyedRequest>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    const apiKeyId = request.staff?.apiKeyId;
    if (request.method !== 'POST' || key === undefined || !apiKeyId) return next.handle();
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ProblemException(400, `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
    }
    const handler = context.getHandler();
    const pending: IdempotentRequest = {
      owner: { apiKeyId },
      key,
      requestHash: idempotencyRequestHash(request.method, request.url, request.body),
      status:
        this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler) ?? HttpStatus.CREATED,
      secretFields: this.reflector.get<string[] | undefined>(SECRET_FIELDS, handler) ?? [],
      recorded: false,
    };
    const reply = http.getResponse<FastifyReply>();
    const outcome = await this.onceOnly.run(pending, () =>
      lastValueFrom(next.handle(), { defaultValue: undefined }),
    );
    if (outcome.replayed) void reply.status(outcome.status).header('idempotent-replayed', 'true');
    return from([outcome.body]);
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
    ApiUnprocessableEntityResponse({
      description: 'This Idempotency-Key was used with another body.',
    }),
  );
