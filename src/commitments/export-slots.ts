import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';

/** A guess at when a slot frees up: an export of 100,000 rows streams in a few seconds. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The exports streaming on this instance, per client address and in all. What they hold is this
 * instance's: its CPU (rows turned into CSV) and its pool (a connection per batch), so the
 * bounds are per instance, in memory.
 */
@Injectable()
export class ExportSlots {
  private total = 0;
  private readonly byClient = new Map<string, number>();

  constructor(private readonly config: AppConfig) {}

  /** Takes a slot, or throws 429 (the client's bound) or 503 (the instance's); returns its release. */
  take(client: string): () => void {
    const held = this.byClient.get(client) ?? 0;
    if (held >= this.config.EXPORT_MAX_PER_CLIENT) {
      throw refusal(
        429,
        `At most ${this.config.EXPORT_MAX_PER_CLIENT} exports at a time from one client; retry when one has finished.`,
      );
    }
    if (this.total >= this.config.EXPORT_MAX_CONCURRENT) {
      throw refusal(503, 'Too many exports are under way; retry in a moment.');
    }
    this.total++;
    this.byClient.set(client, held + 1);
    return () => {
      this.total--;
      const left = this.byClient.get(client)! - 1;
      if (left === 0) this.byClient.delete(client);
      else this.byClient.set(client, left);
    };
  }
}

const refusal = (status: 429 | 503, detail: string) =>
  new ProblemException(status, detail, {}, 'about:blank', { 'retry-after': RETRY_AFTER_SECONDS });

/**
 * Holds an export slot from the guard until the response closes: streamed to its end, failed,
 * or abandoned by the client.
 */
@Injectable()
export class ExportSlotGuard implements CanActivate {
  constructor(private readonly slots: ExportSlots) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    reply.raw.once('close', this.slots.take(request.ip));
    return true;
  }
}

/** A bounded export route; put it above `@PublicRead()` so that the rate limit counts first. */
export function ExportSlot(): MethodDecorator {
  return applyDecorators(
    UseGuards(ExportSlotGuard),
    ApiTooManyRequestsResponse({
      description:
        'Rate limit exceeded, or this client has as many exports under way as it may (problem+json); retry after `Retry-After` seconds.',
    }),
    ApiServiceUnavailableResponse({
      description:
        'The database is unavailable, or the server has as many exports under way as it takes (problem+json); retry after `Retry-After` seconds.',
    }),
  );
}
