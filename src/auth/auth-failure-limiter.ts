import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Slows down key guessing: a client (by IP) with too many failed authentications in the window
 * gets 429 with Retry-After until the window ends. Counted per instance, in memory: losing the
 * counts on restart only gives a guesser a fresh window, and a 256-bit key is not guessable.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;

  constructor(private readonly config: AppConfig) {
    this.windowMs = config.AUTH_FAILURE_WINDOW_SECONDS * 1000;
  }

  /** Throws 429 while the client is over the limit. */
  assertAllowed(client: string, now = Date.now()): void {
    const window = this.current(client, now);
    if (window && window.failures >= this.config.AUTH_FAILURE_LIMIT) {
      const retryAfter = Math.ceil((window.startedAt + this.windowMs - now) / 1000);
      throw new ProblemException(
        429,
        'Too many failed authentications from this client; retry later.',
        {},
        'about:blank',
        { 'retry-after': String(Math.max(retryAfter, 1)) },
      );
    }
  }

  recordFailure(client: string, now = Date.now()): void {
    this.forgetExpired(now);
    const window = this.current(client, now) ?? { startedAt: now, failures: 0 };
    window.failures++;
    this.windows.set(client, window);
  }

  private current(client: string, now: number): Window | undefined {
    const window = this.windows.get(client);
    return window && now - window.startedAt < this.windowMs ? window : undefined;
  }

  private forgetExpired(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(client);
    }
  }
}
