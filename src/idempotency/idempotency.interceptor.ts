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
import { runIdempotent, type IdempotentRequest } from './idempotent-request.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';
import { idempotencyRequestHash } from './request-hash.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const SECRET_FIELDS = 'idempotency:secretFields';
const MAX_KEY_LENGTH = 255;

/** The API key of an authenticated staff request (set by the staff guard). */
type KeyedRequest = FastifyRequest & { staff?: { apiKeyId: string } };

/**
 * Response fields never stored for replays (a new API key is shown once and stored only hashed):
 * a replay returns the stored response without them.
 */
export const NotReplayed = (...fields: string[]): MethodDecorator =>
  SetMetadata(SECRET_FIELDS, fields);

/**
 * `Idempotency-Key` on staff POSTs: the first request with a key does the work, and the write's
 * own transaction stores its answer for 24 hours (see IdempotencyStore.claimWithin); a retry
 * with the same key and body gets that answer again without the work; the same key with
 * another body is 422. A retry that arrives while the first still runs waits for it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<KeyedRequest>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || key === undefined || !request.staff) return next.handle();
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ProblemException(400, `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
    }
    const handler = context.getHandler();
    const pending: IdempotentRequest = {
      apiKeyId: request.staff.apiKeyId,
      key,
      requestHash: idempotencyRequestHash(request.method, request.url, request.body),
      status:
        this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler) ?? HttpStatus.CREATED,
      secretFields: this.reflector.get<string[] | undefined>(SECRET_FIELDS, handler) ?? [],
      recorded: false,
    };
    const reply = http.getResponse<FastifyReply>();
    const answered = await this.store.find(pending.apiKeyId, key);
    if (answered) return from([this.replay(pending, answered, reply)]);
    return from(
      runIdempotent(pending, async () => {
        try {
          const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
          if (!pending.recorded) await this.store.completeAfter(pending, body);
          return body;
        } catch (error) {
          return this.replayWinner(pending, reply, error);
        }
      }),
    );
  }

  /** A failed request whose key was answered meanwhile (a concurrent retry won) replays it. */
  private async replayWinner(
    pending: IdempotentRequest,
    reply: FastifyReply,
    error: unknown,
  ): Promise<unknown> {
    const answered = await this.store.find(pending.apiKeyId, pending.key).catch(() => null);
    if (!answered) throw error;
    return this.replay(pending, answered, reply);
  }

  private replay(pending: IdempotentRequest, answered: StoredAnswer, reply: FastifyReply): unknown {
    if (answered.requestHash !== pending.requestHash) {
      throw new ProblemException(
        422,
        'This Idempotency-Key was used for a different request; use a new key.',
      );
    }
    void reply.status(answered.status).header('idempotent-replayed', 'true');
    return answered.body;
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
