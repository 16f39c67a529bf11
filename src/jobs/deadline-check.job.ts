import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { Prisma } from '../generated/prisma/client.js';
import { batchCte, CommitmentBatchJob, LAST_BATCH_ID } from './commitment-batches.js';
import { IS_CLOSED, queueNotifications, utcMidnight } from './sql-fragments.js';

/**
 * DEADLINE_APPROACHING when an open commitment's target date is at most DEADLINE_WINDOW_DAYS
 * ahead (today included), DEADLINE_PASSED from the day after it; the passed reminder supersedes
 * (cancels) the approaching one. One reminder per kind and target date, so a reminder staff
 * closed is not opened again, while a moved target date gets fresh ones.
 */
@Injectable()
export class DeadlineCheckJob extends CommitmentBatchJob {
  readonly name = 'deadline-check';

  protected batch(after: string, now: Date): Prisma.Sql {
    const today = Prisma.sql`${toIsoDate(now)}::date`;
    return Prisma.sql`
      WITH ${batchCte(after, this.config.JOB_BATCH_SIZE, Prisma.sql`c.target_date, ${IS_CLOSED} AS closed`)},
      due AS (
        SELECT id,
          (CASE WHEN target_date < ${today} THEN 'DEADLINE_PASSED' ELSE 'DEADLINE_APPROACHING' END)::"ReminderKind" AS kind,
          ${utcMidnight('target_date')} AS due_at
        FROM batch
        WHERE NOT closed AND target_date <= ${today} + ${this.config.DEADLINE_WINDOW_DAYS}::int
      ),
      opened AS (
        INSERT INTO reminder (commitment_id, kind, due_at, created_at, updated_at)
        SELECT due.id, due.kind, due.due_at, ${now}::timestamptz, ${now}::timestamptz FROM due
        WHERE NOT EXISTS (
          SELECT 1 FROM reminder r
          WHERE r.commitment_id = due.id AND r.kind = due.kind AND r.due_at = due.due_at
        )
        ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
        RETURNING id
      ),
      ${queueNotifications(now)},
      superseded AS (
        UPDATE reminder r SET state = 'CANCELLED', closed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
        FROM due
        WHERE due.kind = 'DEADLINE_PASSED' AND r.commitment_id = due.id
          AND r.kind = 'DEADLINE_APPROACHING' AND r.state = 'OPEN'
        RETURNING r.id
      )
      SELECT ${LAST_BATCH_ID} AS "lastId",
        (SELECT count(*)::int FROM opened) AS "remindersOpened",
        (SELECT count(*)::int FROM superseded) AS "remindersSuperseded"`;
  }
}
