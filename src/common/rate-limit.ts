import { CanActivate, ExecutionContext, Global, Inject, Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter, type Count } from '../database/shared-counter.js';
import { ProblemException } from './problem-details.js';

/**
 * The public budget: requests per client address and window, one budget over every public API
 * route and website page, shared by every instance (see SharedCounter for when the database is
 * away).
 */
@Injectable()
export class RateLimiter extends SharedCounter {
  private readonly counted = new WeakMap<FastifyRequest, Promise<Count>>();

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    private readonly config: AppConfig,
  ) {
    super(pool, {
      name: 'requests',
      limit: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
    });
  }

  /**
   * The request's hit, counted once however often asked (the public answer cache asks before
   * the guard does), with the budget's headers set on the reply.
   */
  hitOnce(request: FastifyRequest, reply: FastifyReply): Promise<Count> {
    let count = this.counted.get(request);
    if (!count) {
      count = this.hit(request.ip);
      this.counted.set(request, count);
    }
    return count.then((counted) => {
      void reply
        .header('ratelimit-limit', String(this.config.RATE_LIMIT_MAX))
        .header('ratelimit-remaining', String(counted.remaining));
      return counted;
    });
  }
}

/** Refuses a client over its budget with 429 problem+json and `Retry-After`. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const { allowed, retryAfterSeconds } = await this.limiter.hitOnce(request, reply);
    if (allowed) return true;
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
