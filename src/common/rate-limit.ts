import { CanActivate, ExecutionContext, Global, Inject, Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter, type Count } from '../database/shared-counter.js';
import { boundedEntries } from './bounded-entries.js';
import { ProblemException } from './problem-details.js';

/** Clients whose remaining budget is remembered (a number each). */
const ESTIMATED_CLIENTS = 100_000;
/** The least margin below which a hit waits for its count, whatever the limit. */
const MIN_MARGIN = 10;
/**
 * How long the hits let through gather before they are counted: one statement (and one commit)
 * per client per interval, rather than one per database round trip under load.
 */
export const COUNT_BEHIND_INTERVAL_MS = 50;

/**
 * The public budget: requests per client address and window, one budget over every public API
 * route and website page, shared by every instance (see SharedCounter for when the database is
 * away).
 */
@Injectable()
export class RateLimiter extends SharedCounter {
  private readonly counted = new WeakMap<FastifyRequest, Promise<Count>>();
  /** Each recent client's remaining budget as last counted, less the hits counted since. */
  private readonly estimates = new LRUCache<string, number>(boundedEntries(ESTIMATED_CLIENTS));
  /** Hits let through and not yet counted, per client; and the clients whose count is out. */
  private readonly uncounted = new Map<string, number>();
  private readonly counting = new Set<string>();
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
   * (at least `margin` to go) is let through at once, and its hits are counted behind the
   * answers, those of each COUNT_BEHIND_INTERVAL_MS added up into one statement, so that
   * requests served from memory neither wait for an upsert nor each cost one. Near the limit
   * each hit waits for its own count, which takes the client's hits not yet counted along, so
   * the limit holds within the client's hits in flight.
   */
  private countAhead(client: string): Promise<Count> {
    const estimate = this.estimates.get(client);
    if (estimate === undefined || estimate < this.margin) {
      const hits = 1 + (this.uncounted.get(client) ?? 0);
      this.uncounted.delete(client);
      return this.hit(client, hits).then((count) => {
        this.estimates.set(client, count.remaining);
        return count;
      });
    }
    this.estimates.set(client, estimate - 1);
    this.uncounted.set(client, (this.uncounted.get(client) ?? 0) + 1);
    if (!this.counting.has(client)) void this.countBehind(client);
    return Promise.resolve({ allowed: true, remaining: estimate - 1, retryAfterSeconds: 1 });
  }

  private async countBehind(client: string): Promise<void> {
    this.counting.add(client);
    try {
      for (;;) {
        await delay(COUNT_BEHIND_INTERVAL_MS);
        const hits = this.uncounted.get(client);
        if (!hits) break;
        this.uncounted.delete(client);
        const count = await this.hit(client, hits);
        this.estimates.set(client, count.remaining - (this.uncounted.get(client) ?? 0));
      }
    } catch {
      // The counter fell back to memory (SharedCounter) or failed: these hits go uncounted.
      this.uncounted.delete(client);
    } finally {
      this.counting.delete(client);
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
