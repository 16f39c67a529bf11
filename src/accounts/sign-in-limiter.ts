import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter } from '../database/shared-counter.js';

/** Whether a sign-in may be tried now, and if not for how long it pauses. */
export type SignInAllowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Failed sign-ins per account and per client address, shared by every instance. Past either
 * limit sign-in is refused (even with the right password) until the window ends: a stranger
 * can pause a real user's sign-in for one SIGN_IN_WINDOW_SECONDS at most, never lock it.
 */
@Injectable()
export class SignInLimiter {
  private readonly accounts: SharedCounter;
  private readonly addresses: SharedCounter;

  constructor(@Inject(PG_POOL) pool: pg.Pool, config: AppConfig) {
    const windowMs = config.SIGN_IN_WINDOW_SECONDS * 1000;
    this.accounts = new SharedCounter(pool, {
      name: 'sign-in-account',
      limit: config.SIGN_IN_ACCOUNT_LIMIT,
      windowMs,
    });
    this.addresses = new SharedCounter(pool, {
      name: 'sign-in-address',
      limit: config.SIGN_IN_ADDRESS_LIMIT,
      windowMs,
    });
  }

  async check(email: string, address: string): Promise<SignInAllowance> {
    return allowance(await Promise.all([this.accounts.peek(email), this.addresses.peek(address)]));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([this.accounts.hit(email), this.addresses.hit(address)]);
  }
}

function allowance(counts: { allowed: boolean; retryAfterSeconds: number }[]): SignInAllowance {
  const refused = counts.filter((count) => !count.allowed);
  if (!refused.length) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(...refused.map((count) => count.retryAfterSeconds)),
  };
}
