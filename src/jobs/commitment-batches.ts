import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Job, JobContext } from './job.js';

const BEFORE_FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The commitments one batch covers, as a CTE `batch` of their id and `columns` (over the
 * commitment `c`): read in the same index scan that finds the batch, so no second lookup.
 */
export function batchCte(after: string, size: number, columns: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`batch AS (
    SELECT c.id, ${columns} FROM commitment c WHERE c.id > ${after}::uuid ORDER BY c.id LIMIT ${size}
  )`;
}

export const LAST_BATCH_ID = Prisma.sql`(SELECT id FROM batch ORDER BY id DESC LIMIT 1)::text`;

export type BatchResult = { lastId: string | null } & Record<string, number | string | null>;

/**
 * Runs `step` (one batch: one statement, so one transaction) until it reports there is no more,
 * pausing after each batch but the last for `yieldRatio` times the batch's time, so a job never
 * keeps a core from the public API for long (autovacuum's cost delay does the same).
 */
export async function runBatches(
  context: JobContext,
  yieldRatio: number,
  step: () => Promise<boolean>,
): Promise<void> {
  for (let more = true; more;) {
    context.assertTimeLeft();
    const started = performance.now();
    more = await step();
    if (more) await sleep((performance.now() - started) * yieldRatio);
  }
}

/**
 * A job that walks every commitment in id order, one statement per batch: a million rows neither
 * hold one long transaction nor pass through memory. `batch` is one set-based statement over the
 * CTE from `batchCte`, returning LAST_BATCH_ID as "lastId" and its counts.
 */
@Injectable()
export abstract class CommitmentBatchJob implements Job {
  abstract readonly name: string;

  constructor(
    protected readonly prisma: PrismaService,
    protected readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    let after = BEFORE_FIRST_ID;
    await runBatches(context, this.config.JOB_YIELD_RATIO, async () => {
      const [result]: BatchResult[] = await this.prisma.$queryRaw<BatchResult[]>(
        this.batch(after, context.now),
      );
      const { lastId, ...counts }: BatchResult = result;
      context.add(counts as Record<string, number>);
      if (lastId === null) return false;
      after = lastId;
      return true;
    });
  }

  protected abstract batch(after: string, now: Date): Prisma.Sql;
}
