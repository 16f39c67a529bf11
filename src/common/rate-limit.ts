import { CanActivate, ExecutionContext, Global, Inject, Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter } from '../database/shared-counter.js';
import { ProblemException } from './problem-details.js';

/**
 * The public budget: requests per client address and window, one budget over every public API
 * route and website page, shared by every instance (see SharedCounter for when the database is
 * away).
 */
@Injectable()
export class RateLimiter extends SharedCounter {
  constructor(@Inject(PG_POOL) pool: pg.Pool, config: AppConfig) {
    super(pool, {
      name: 'requests',
      limit: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
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
    const { allowed, remaining, retryAfterSeconds } = await this.limiter.hit(request.ip);
    void reply
      .header('ratelimit-limit', String(this.config.RATE_LIMIT_MAX))
      .header('ratelimit-remaining', String(remaining));
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
