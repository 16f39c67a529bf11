import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter } from '../database/shared-counter.js';

/**
 * Failed authentications (staff keys, calendar tokens) per client address, shared by every
 * instance: past AUTH_FAILURE_LIMIT in a window a failure is answered 429 with Retry-After
 * instead of 401. Only failures are counted and refused: a valid key or token is served even
 * while its address is locked out (see SECURITY.md for why that is safe).
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly failures: SharedCounter;

  constructor(@Inject(PG_POOL) pool: pg.Pool, config: AppConfig) {
    this.failures = new SharedCounter(pool, {
      name: 'auth-failures',
      limit: config.AUTH_FAILURE_LIMIT,
      windowMs: config.AUTH_FAILURE_WINDOW_SECONDS * 1000,
    });
  }

  /** Counts a failure; throws 429 once the client is over the limit. */
  async recordFailure(client: string): Promise<void> {
    const { allowed, retryAfterSeconds } = await this.failures.hit(client);
    if (allowed) return;
    throw new ProblemException(
      429,
      'Too many failed authentications from this client; retry later.',
      {},
      'about:blank',
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
