import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { batchCte, CommitmentBatchJob, LAST_BATCH_ID } from './commitment-batches.js';
import { IS_CLOSED, queueNotifications } from './sql-fragments.js';
import { reviewDueAtSql } from './staleness-rule.js';

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
    const reviewDueAt = Prisma.raw(reviewDueAtSql(this.config.REVIEW_INTERVAL_DAYS));
    const columns = Prisma.sql`c.stale_since IS NULL AND NOT ${IS_CLOSED}
        AND ${reviewDueAt} <= ${now}::timestamptz AS falls_stale,
      c.stale_since IS NOT NULL AND ${IS_CLOSED} AS closed_but_stale,
      ${IS_CLOSED} AS closed`;
    // The batch's rows are read once, in the scan that walks the ids; the writes pick theirs by
    // id = ANY(array), a plan that stays one index lookup per row whatever the statistics say
    // (a join, or a predicate on stale_since, could hash or scan the table in every batch once a
    // catch-up run has made the statistics stale).
    return Prisma.sql`
      WITH ${batchCte(after, this.config.JOB_BATCH_SIZE, columns)},
      flagged AS (
        UPDATE commitment c SET stale_since = ${now}::timestamptz, version = c.version + 1
        WHERE c.id = ANY (ARRAY(SELECT id FROM batch WHERE falls_stale))
        RETURNING c.id, ${reviewDueAt} AS review_due_at
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
        WHERE c.id = ANY (ARRAY(SELECT id FROM batch WHERE closed_but_stale))
        RETURNING c.id
      ),
      cancelled AS (
        UPDATE reminder r SET state = 'CANCELLED', closed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
        WHERE r.commitment_id = ANY (ARRAY(SELECT id FROM batch WHERE closed)) AND r.state = 'OPEN'
        RETURNING r.id
      )
      SELECT ${LAST_BATCH_ID} AS "lastId",
        (SELECT count(*)::int FROM flagged) AS "flagged",
        (SELECT count(*)::int FROM opened) AS "remindersOpened",
        (SELECT count(*)::int FROM unflagged) AS "unflagged",
        (SELECT count(*)::int FROM cancelled) AS "remindersCancelled"`;
  }
}
