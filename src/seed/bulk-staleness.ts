import { IS_CLOSED_SQL, reviewDueAtSql } from '../commitments/commitment-rules.js';

/**
 * The staleness a commitment `c` has when stale-check last ran at `checkedAt` (SQL, timestamptz):
 * the bulk data holds what the hourly job would have left, so a run now flags only what fell due
 * since. `dueAt` is when the review fell due; `staleSince` null when not stale (hourly runs: the
 * run just after `dueAt`, at most `checkedAt`).
 */
export function staleAsOf(checkedAt: string, reviewIntervalDays: number) {
  const dueAt = reviewDueAtSql(reviewIntervalDays);
  const flaggedAt = `LEAST(date_trunc('hour', ${dueAt}) + interval '1 hour', ${checkedAt})`;
  return {
    dueAt,
    isStale: `(NOT ${IS_CLOSED_SQL} AND ${dueAt} <= ${checkedAt})`,
    flaggedAt,
  };
}

/**
 * The end of a WITH statement whose CTE `flagged` (id, due_at, stale_since) lists commitments
 * stale-check flagged: their OPEN REVIEW_DUE reminders, with the notification already delivered.
 */
export const REVIEW_DUE_HISTORY = `
  opened AS (
    INSERT INTO reminder (commitment_id, kind, due_at, created_at, updated_at)
    SELECT id, 'REVIEW_DUE', due_at, stale_since, stale_since FROM flagged
    RETURNING id, created_at
  ),
  delivered AS (
    INSERT INTO notification (reminder_id, state, attempt_count, next_attempt_at, delivered_at, finished_at, created_at)
    SELECT id, 'DELIVERED', 1, created_at, created_at, created_at, created_at FROM opened
    RETURNING id, delivered_at
  )
  INSERT INTO notification_attempt (notification_id, attempted_at, channel, succeeded, duration_ms)
  SELECT id, delivered_at, 'log', true, 0 FROM delivered`;
