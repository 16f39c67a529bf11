import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { batchCte, CommitmentBatchJob, LAST_BATCH_ID } from './commitment-batches.js';
import { IS_CLOSED, queueNotifications, utcMidnight } from './sql-fragments.js';

/**
 * Flags open commitments nobody has reviewed within their interval: `stale_since` and one OPEN
 * REVIEW_DUE reminder (with its notification). Safety net: archived or terminal commitments lose
 * their staleness and open reminders (the staff API does the same in its own transactions).
 * A change of staleness is a change of the public representation, so it bumps the version (the
 * ETag): a cached copy revalidates, and staff holding the old ETag get 412 and see the flag.
 */
@Injectable()
export class StaleCheckJob extends CommitmentBatchJob {
  readonly name = 'stale-check';

  protected batch(after: string, now: Date): Prisma.Sql {
    return Prisma.sql`
      WITH ${batchCte(after, this.config.JOB_BATCH_SIZE)},
      checked AS (
        SELECT c.id, c.stale_since, ${IS_CLOSED} AS closed,
          COALESCE(c.last_reviewed_at, ${utcMidnight(Prisma.sql`c.made_on`)})
            + make_interval(days => COALESCE(c.review_interval_days, ${this.config.REVIEW_INTERVAL_DAYS}::int))
            AS review_due_at
        FROM commitment c JOIN batch USING (id)
      ),
      flagged AS (
        UPDATE commitment c SET stale_since = ${now}::timestamptz, version = c.version + 1
        FROM checked
        WHERE c.id = checked.id AND NOT checked.closed AND checked.stale_since IS NULL
          AND checked.review_due_at <= ${now}::timestamptz
        RETURNING c.id, checked.review_due_at
      ),
      opened AS (
        INSERT INTO reminder (commitment_id, kind, due_at, created_at, updated_at)
        SELECT id, 'REVIEW_DUE', review_due_at, ${now}::timestamptz, ${now}::timestamptz FROM flagged
        ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
        RETURNING id
      ),
      ${queueNotifications(now)},
      unflagged AS (
        UPDATE commitment c SET stale_since = NULL, version = c.version + 1
        FROM checked
        WHERE c.id = checked.id AND checked.closed AND checked.stale_since IS NOT NULL
        RETURNING c.id
      ),
      cancelled AS (
        UPDATE reminder r SET state = 'CANCELLED', closed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
        FROM checked
        WHERE r.commitment_id = checked.id AND checked.closed AND r.state = 'OPEN'
        RETURNING r.id
      )
      SELECT ${LAST_BATCH_ID} AS "lastId",
        (SELECT count(*)::int FROM flagged) AS "flagged",
        (SELECT count(*)::int FROM opened) AS "remindersOpened",
        (SELECT count(*)::int FROM unflagged) AS "unflagged",
        (SELECT count(*)::int FROM cancelled) AS "remindersCancelled"`;
  }
}
