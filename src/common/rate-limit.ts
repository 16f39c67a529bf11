import { CanActivate, ExecutionContext, Global, Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { ProblemException } from './problem-details.js';

interface Window {
  startedAt: number;
  hits: number;
}

/**
 * Fixed-window request counts per client address, shared by every public route. Kept in process
 * memory: N instances behind a load balancer would each count separately (see README).
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(private readonly config: AppConfig) {}

  /** Counts one request; the seconds to wait when over the limit, else null. */
  hit(client: string, now = Date.now()): { remaining: number; retryAfterSeconds: number | null } {
    const length = this.config.RATE_LIMIT_WINDOW_MS;
    this.sweep(now, length);
    let window = this.windows.get(client);
    if (!window || now - window.startedAt >= length) {
      window = { startedAt: now, hits: 0 };
      this.windows.set(client, window);
    }
    window.hits += 1;
    const remaining = Math.max(0, this.config.RATE_LIMIT_MAX - window.hits);
    const over = window.hits > this.config.RATE_LIMIT_MAX;
    return {
      remaining,
      retryAfterSeconds: over ? Math.ceil((window.startedAt + length - now) / 1000) : null,
    };
  }

  /** Forgets finished windows once per window length, so memory follows the active clients. */
  private sweep(now: number, length: number): void {
    if (now - this.sweptAt < length) return;
    this.sweptAt = now;
    for (const [client, window] of this.windows) {
      if (now - window.startedAt >= length) this.windows.delete(client);
    }
  }
}

/** Refuses a client over its budget with 429 problem+json and `Retry-After`. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const { remaining, retryAfterSeconds } = this.limiter.hit(request.ip);
    void reply
      .header('ratelimit-limit', String(this.config.RATE_LIMIT_MAX))
      .header('ratelimit-remaining', String(remaining));
    if (retryAfterSeconds === null) return true;
    throw new ProblemException(
      429,
      `Too many requests: at most ${this.config.RATE_LIMIT_MAX} per ${this.config.RATE_LIMIT_WINDOW_MS / 1000} s. Retry after ${retryAfterSeconds} s.`,
      {},
      'about:blank',
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}

@Global()
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
