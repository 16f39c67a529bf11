import { Prisma } from '../generated/prisma/client.js';
import { CommitmentStatus } from '../generated/prisma/enums.js';
import { toIsoDate } from '../common/dates.js';
import { validationProblem } from '../common/validation.js';

/**
 * The rules of a commitment's status, each stated once: as a TypeScript predicate and, side by
 * side, as the SQL that applies it to a commitment aliased `c`. The stale_check_due migration
 * indexes the staleness expressions, and the trigger of that migration cancels reminders on the
 * same terminal statuses (a migration cannot import them: keep them identical).
 */

/** FULFILLED and BROKEN are terminal: never stale, never overdue, no reminders. */
export const TERMINAL_STATUSES: readonly CommitmentStatus[] = [
  CommitmentStatus.FULFILLED,
  CommitmentStatus.BROKEN,
];

export function isTerminal(status: CommitmentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

const TERMINAL_LIST = TERMINAL_STATUSES.map((status) => `'${status}'`).join(', ');

/** Archived or terminal: such a commitment is never stale and gets no reminders. */
export const IS_CLOSED_SQL = `(c.archived OR c.status IN (${TERMINAL_LIST}))`;
export const IS_CLOSED = Prisma.raw(IS_CLOSED_SQL);

/** What stale-check may flag: open and not stale yet (the predicate of the due-review indexes). */
export const FLAGGABLE_SQL = `(c.stale_since IS NULL AND NOT ${IS_CLOSED_SQL})`;

/** Flagged by stale-check and not reviewed or updated since. */
export const STALE = Prisma.sql`(c.stale_since IS NOT NULL)`;

export function isStale(commitment: { staleSince: Date | null }): boolean {
  return commitment.staleSince !== null;
}

/** Past its target date and still open. */
export const OVERDUE = Prisma.raw(
  `(c.target_date < CURRENT_DATE AND c.status NOT IN (${TERMINAL_LIST}))`,
);

/** A `date` column as the UTC midnight it stands for. */
export const utcMidnightSql = (column: string): string =>
  `(${column}::timestamp AT TIME ZONE 'UTC')`;

/**
 * The last review, else the day the commitment was made, as UTC wall-clock time: a `timestamp`,
 * so that adding days to it is immutable and can be indexed (the days are UTC days).
 */
export const REVIEWED_OR_MADE_SQL = `COALESCE(c.last_reviewed_at AT TIME ZONE 'UTC', c.made_on::timestamp)`;

/** When the next review falls due (timestamptz): the last review (or the day it was made) plus its interval. */
export function reviewDueAtSql(defaultIntervalDays: number): string {
  if (!Number.isInteger(defaultIntervalDays)) throw new RangeError('a whole number of days');
  return `((${REVIEWED_OR_MADE_SQL}
    + make_interval(days => COALESCE(c.review_interval_days, ${defaultIntervalDays}))) AT TIME ZONE 'UTC')`;
}

/**
 * A date in a commitment's life (when an update took effect, when a party was assessed): not in
 * the future, not before the pledge. A 400 naming the field otherwise.
 */
export function assertWithinPledgeLife(
  field: string,
  date: string,
  madeOn: Date,
  today: string,
): void {
  const problems: string[] = [];
  if (date > today) problems.push(`${field} must not be in the future`);
  if (date < toIsoDate(madeOn)) {
    problems.push(`${field} must not be before the pledge (${toIsoDate(madeOn)})`);
  }
  if (problems.length) throw validationProblem([{ field, messages: problems }]);
}
