import type { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { JobContext } from './job.js';

const BEFORE_FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** The id range one batch covers: `batch` is a CTE name the step's SQL can join. */
export function batchCte(after: string, size: number): Prisma.Sql {
  return Prisma.sql`batch AS (
    SELECT id FROM commitment WHERE id > ${after}::uuid ORDER BY id LIMIT ${size}
  )`;
}

export const LAST_BATCH_ID = Prisma.sql`(SELECT id FROM batch ORDER BY id DESC LIMIT 1)::text`;

export type BatchResult = { lastId: string | null } & Record<string, number | string | null>;

/**
 * Walks every commitment in id order, one transaction per batch, so a million rows neither hold
 * one long transaction nor pass through memory. `step` runs one set-based statement per batch and
 * returns the batch's last id (LAST_BATCH_ID) with its counts.
 */
export async function walkCommitments(
  prisma: PrismaService,
  context: JobContext,
  step: (after: string) => Prisma.Sql,
): Promise<void> {
  for (let after: string | null = BEFORE_FIRST_ID; after !== null;) {
    context.assertTimeLeft();
    const [result]: BatchResult[] = await prisma.$queryRaw<BatchResult[]>(step(after));
    const { lastId, ...counts }: BatchResult = result;
    context.add(counts as Record<string, number>);
    after = lastId;
  }
}
