/**
 * The staleness rule as plain SQL over a commitment aliased `c`: stale-check applies it, and the
 * bulk seeder writes the flags a run of it would have left (so both read the same rule).
 */

/** Terminal statuses: such a commitment is never stale and gets no reminders. */
export const IS_CLOSED_SQL = `(c.archived OR c.status IN ('FULFILLED', 'BROKEN'))`;

/** A `date` column as the UTC midnight it stands for. */
export const utcMidnightSql = (column: string): string =>
  `(${column}::timestamp AT TIME ZONE 'UTC')`;

/** When the next review falls due: the last review (or the day it was made) plus its interval. */
export function reviewDueAtSql(defaultIntervalDays: number): string {
  if (!Number.isInteger(defaultIntervalDays)) throw new RangeError('a whole number of days');
  return `(COALESCE(c.last_reviewed_at, ${utcMidnightSql('c.made_on')})
    + make_interval(days => COALESCE(c.review_interval_days, ${defaultIntervalDays})))`;
}
