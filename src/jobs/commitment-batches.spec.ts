import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { walkInIdOrder, type BatchResult } from './commitment-batches.js';
import { JobContext, JobStoppedError } from './job.js';

const BATCH_MS = 30;

/** A walk of three batches of BATCH_MS each, counting one row per batch. */
async function timedWalk(
  yieldRatio: number,
): Promise<{ ms: number; counts: object; afters: string[] }> {
  const lastIds = ['a', 'b', null];
  const afters: string[] = [];
  const context = new JobContext(
    new Date(),
    performance.now() + 60_000,
    new AbortController().signal,
  );
  const started = performance.now();
  await walkInIdOrder(context, yieldRatio, async (after): Promise<BatchResult> => {
    afters.push(after);
    await sleep(BATCH_MS);
    return { lastId: lastIds.shift() ?? null, rows: 1 };
  });
  return { ms: performance.now() - started, counts: context.counts, afters };
}

describe('walkInIdOrder', () => {
  it('pauses after each batch but the last for JOB_YIELD_RATIO times its duration', async () => {
    const { ms, counts, afters } = await timedWalk(2);
    expect(counts).toEqual({ rows: 3 });
    expect(afters).toEqual(['00000000-0000-0000-0000-000000000000', 'a', 'b']);
    // 3 batches, then 2 pauses of at least 2 × 30 ms each.
    expect(ms).toBeGreaterThanOrEqual(3 * BATCH_MS + 2 * 2 * BATCH_MS - 5);
  });

  it('runs the batches back to back with JOB_YIELD_RATIO 0', async () => {
    const paused = await timedWalk(2);
    const unpaused = await timedWalk(0);
    expect(unpaused.counts).toEqual({ rows: 3 });
    expect(unpaused.ms).toBeLessThan(paused.ms - 2 * BATCH_MS);
  });

  it('stops before the next batch once its server shuts down, without its pause', async () => {
    const shutdown = new AbortController();
    const context = new JobContext(new Date(), performance.now() + 60_000, shutdown.signal);
    const afters: string[] = [];
    const started = performance.now();
    // The pause after this batch would be 100 × 30 ms.
    const walk = walkInIdOrder(context, 100, async (after): Promise<BatchResult> => {
      afters.push(after);
      await sleep(BATCH_MS);
      setTimeout(() => shutdown.abort(), BATCH_MS);
      return { lastId: 'a', rows: 1 };
    });
    await expect(walk).rejects.toThrow(JobStoppedError);
    expect(performance.now() - started).toBeLessThan(10 * BATCH_MS);
    expect(afters).toHaveLength(1);
    expect(context.counts).toEqual({ rows: 1 });
  });
});
