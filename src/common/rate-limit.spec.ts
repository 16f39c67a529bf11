import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  const limiter = () =>
    new RateLimiter(loadConfig({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '10000' }));

  it('lets the budget through, then says how long to wait', () => {
    const rate = limiter();
    expect(rate.hit('a', 0)).toEqual({ remaining: 1, retryAfterSeconds: null });
    expect(rate.hit('a', 1000)).toEqual({ remaining: 0, retryAfterSeconds: null });
    expect(rate.hit('a', 2500)).toEqual({ remaining: 0, retryAfterSeconds: 8 });
  });

  it('counts clients apart and starts a new window when the old one ends', () => {
    const rate = limiter();
    rate.hit('a', 0);
    rate.hit('a', 0);
    expect(rate.hit('b', 0).retryAfterSeconds).toBeNull();
    expect(rate.hit('a', 0).retryAfterSeconds).toBe(10);
    expect(rate.hit('a', 10_000)).toEqual({ remaining: 1, retryAfterSeconds: null });
  });
});
