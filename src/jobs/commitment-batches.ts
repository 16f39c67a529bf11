import type { JobContext } from './job.js';

const BEFORE_FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** One batch of a walk in id order: the last id it covered (null past the end) and its counts. */
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
    if (more) await context.pause((performance.now() - started) * yieldRatio);
  }
}

/**
 * Walks every commitment in id order, a batch after the last id of the one before: a million rows
 * neither hold one long transaction nor pass through memory. Each batch adds its counts.
 */
export function walkInIdOrder(
  context: JobContext,
  yieldRatio: number,
  batch: (after: string) => Promise<BatchResult>,
): Promise<void> {
  let after = BEFORE_FIRST_ID;
  return runBatches(context, yieldRatio, async () => {
    const { lastId, ...counts } = await batch(after);
    context.add(counts as Record<string, number>);
    if (lastId === null) return false;
    after = lastId;
    return true;
  });
}
