import { describe, expect, it, jest } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import { COUNT_BEHIND_INTERVAL_MS, RateLimiter } from './rate-limit.js';

const LIMIT = 100;

/** A limiter whose counts are kept here: each count's hits, in order. */
function countingLimiter() {
  const config = { RATE_LIMIT_MAX: LIMIT, RATE_LIMIT_WINDOW_MS: 60_000 } as AppConfig;
  const limiter = new RateLimiter({} as pg.Pool, config);
  const counts: number[] = [];
  let used = 0;
  jest.spyOn(limiter, 'hit').mockImplementation((_client, hits = 1) => {
    counts.push(hits);
    used += hits;
    return Promise.resolve({
      allowed: used <= LIMIT,
      remaining: LIMIT - used,
      retryAfterSeconds: 1,
    });
  });
  const reply = { header: () => reply } as unknown as FastifyReply;
  const hit = () => limiter.hitOnce({ ip: '203.0.113.7' } as FastifyRequest, reply);
  return { hit, counts };
}

describe('RateLimiter', () => {
  it('counts the hits of a client far from its limit together, behind the answers', async () => {
    const { hit, counts } = countingLimiter();
    await hit();
    const answered = await Promise.all(Array.from({ length: 30 }, hit));
    expect(answered.every((count) => count.allowed)).toBe(true);
    expect(counts).toEqual([1]);
    await delay(COUNT_BEHIND_INTERVAL_MS * 3);
    expect(counts).toEqual([1, 30]);
  });

  it('near the limit, waits for a count that takes the hits not yet counted along', async () => {
    const { hit, counts } = countingLimiter();
    await hit();
    // Let through while at least a tenth of the budget is left (99 down to 10 before each).
    for (let i = 0; i < 90; i++) await hit();
    const near = await hit();
    expect(counts).toEqual([1, 91]);
    expect(near.remaining).toBe(LIMIT - 92);
    await delay(COUNT_BEHIND_INTERVAL_MS * 3);
    expect(counts).toEqual([1, 91]);
  });
});
