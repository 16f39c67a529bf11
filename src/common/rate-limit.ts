import { CanActivate, ExecutionContext, Global, Inject, Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter, type Count } from '../database/shared-counter.js';
import { ProblemException } from './problem-details.js';

/** Clients whose remaining budget is remembered (a number each). */
const ESTIMATED_CLIENTS = 100_000;
/** The least margin below which a hit waits for its count, whatever the limit. */
const MIN_MARGIN = 10;
/**
 * Counts that may be left unfinished behind the answers: past them, hits wait for their counts
 * again, so that counts cannot pile up in front of the pool when the database falls behind.
 */
const MAX_COUNTS_BEHIND = 20;

/**
 * The public budget: requests per client address and window, one budget over every public API
 * route and website page, shared by every instance (see SharedCounter for when the database is
 * away).
 */
@Injectable()
export class RateLimiter extends SharedCounter {
  private readonly counted = new WeakMap<FastifyRequest, Promise<Count>>();
  /** Each recent client's remaining budget as last counted, less the hits counted since. */
  private readonly estimates = new LRUCache<string, number>({ max: ESTIMATED_CLIENTS });
  /** Counts started and not finished. */
  private counting = 0;
  /** Below this many remaining, a hit waits for its count. */
  private readonly margin: number;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    private readonly config: AppConfig,
  ) {
    super(pool, {
      name: 'requests',
      limit: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
    });
    this.margin = Math.max(MIN_MARGIN, Math.ceil(config.RATE_LIMIT_MAX / 10));
  }

  /**
   * The request's hit, counted once however often asked (the public answer cache asks before
   * the guard does), with the budget's headers set on the reply.
   */
  hitOnce(request: FastifyRequest, reply: FastifyReply): Promise<Count> {
    let count = this.counted.get(request);
    if (!count) {
      count = this.countAhead(request.ip);
      this.counted.set(request, count);
    }
    return count.then((counted) => {
      void reply
        .header('ratelimit-limit', String(this.config.RATE_LIMIT_MAX))
        .header('ratelimit-remaining', String(counted.remaining));
      return counted;
    });
  }

  /**
   * Every hit is counted in the database. A client whose last count left it far from its limit
   * (at least `margin` to go) is let through at once, its count finishing meanwhile, so that a
   * request served from memory does not wait for an upsert; near the limit each hit waits for
   * its count, so the limit holds within the client's hits in flight. So does every hit while
   * MAX_COUNTS_BEHIND counts are unfinished.
   */
  private countAhead(client: string): Promise<Count> {
    this.counting++;
    const counting = this.hit(client)
      .then((count) => {
        this.estimates.set(client, count.remaining);
        return count;
      })
      .finally(() => this.counting--);
    const estimate = this.estimates.get(client);
    const behind = this.counting > MAX_COUNTS_BEHIND;
    if (estimate === undefined || estimate < this.margin || behind) return counting;
    counting.catch(() => undefined);
    this.estimates.set(client, estimate - 1);
    return Promise.resolve({ allowed: true, remaining: estimate - 1, retryAfterSeconds: 1 });
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
