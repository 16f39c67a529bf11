import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { CommitmentBatchJob, type BatchResult } from './commitment-batches.js';
import { JobContext } from './job.js';

const BATCH_MS = 30;

/** Three batches of BATCH_MS each, counting one row per batch. */
class ThreeBatches extends CommitmentBatchJob {
  readonly name = 'three-batches';
  protected batch(): Prisma.Sql {
    return Prisma.sql`SELECT 1`;
  }
}

function jobWithYieldRatio(ratio: number): ThreeBatches {
  const lastIds = ['a', 'b', null];
  const prisma = {
    $queryRaw: async (): Promise<BatchResult[]> => {
      await sleep(BATCH_MS);
      return [{ lastId: lastIds.shift() ?? null, rows: 1 }];
    },
  } as unknown as PrismaService;
  return new ThreeBatches(prisma, { JOB_YIELD_RATIO: ratio } as AppConfig);
}

async function timedRun(job: ThreeBatches): Promise<{ ms: number; counts: object }> {
  const context = new JobContext(new Date(), performance.now() + 60_000);
  const started = performance.now();
  await job.run(context);
  return { ms: performance.now() - started, counts: context.counts };
}

describe('CommitmentBatchJob', () => {
  it('pauses after each batch but the last for JOB_YIELD_RATIO times its duration', async () => {
    const { ms, counts } = await timedRun(jobWithYieldRatio(2));
    expect(counts).toEqual({ rows: 3 });
    // 3 batches, then 2 pauses of at least 2 × 30 ms each.
    expect(ms).toBeGreaterThanOrEqual(3 * BATCH_MS + 2 * 2 * BATCH_MS - 5);
  });

  it('runs the batches back to back with JOB_YIELD_RATIO 0', async () => {
    const paused = await timedRun(jobWithYieldRatio(2));
    const unpaused = await timedRun(jobWithYieldRatio(0));
    expect(unpaused.counts).toEqual({ rows: 3 });
    expect(unpaused.ms).toBeLessThan(paused.ms - 2 * BATCH_MS);
  });
});
