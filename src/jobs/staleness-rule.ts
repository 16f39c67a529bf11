/**
 * The staleness rule as plain SQL over a commitment aliased `c`: stale-check applies it, the bulk
 * seeder writes the flags a run of it would have left (so both read the same rule), and the
 * stale_check_due migration indexes its expressions (keep them identical).
 */

/** Terminal statuses: such a commitment is never stale and gets no reminders. */
export const IS_CLOSED_SQL = `(c.archived OR c.status IN ('FULFILLED', 'BROKEN'))`;

/** What the job may flag: open and not stale yet (the predicate of the due-review indexes). */
export const FLAGGABLE_SQL = `(c.stale_since IS NULL AND NOT ${IS_CLOSED_SQL})`;

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
