import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { runBatches } from './commitment-batches.js';
import type { Job, JobContext } from './job.js';

/** One table's expired rows: a statement deleting up to a batch of them, returning its counts. */
interface Sweep {
  /** The count of the batch's rows: a full batch means there may be more. */
  batchCount: string;
  statement: Prisma.Sql;
}

/**
 * Deletes what is kept only for a while: idempotency records once expired, finished job runs after
 * JOB_RUN_RETENTION_DAYS, finished notifications with their attempts after
 * NOTIFICATION_RETENTION_DAYS. Audit entries (the record of who did what), reminders and the
 * timeline are kept. Each batch is one statement deleting at most JOB_BATCH_SIZE of the oldest
 * rows, found through an index on the time they expire by, so no delete holds its locks long;
 * rows another transaction has locked are left for the next run (SKIP LOCKED). The batch is
 * deleted by key, `= ANY (ARRAY(…))`: a lookup per row, where a join with the batch could be
 * planned as a hash join reading the whole table.
 */
@Injectable()
export class CleanupJob implements Job {
  readonly name = 'cleanup';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    // Another table whose rows expire (the rate limiter's windows, say) adds its sweep here.
    const sweeps = [
      this.expiredIdempotencyRecords(context.now),
      this.oldJobRuns(context.now),
      this.oldNotifications(context.now),
    ];
    for (const { batchCount, statement } of sweeps) {
      await runBatches(context, this.config.JOB_YIELD_RATIO, async () => {
        const [counts] = await this.prisma.$queryRaw<Record<string, number>[]>(statement);
        context.add(counts);
        return counts[batchCount] === this.config.JOB_BATCH_SIZE;
      });
    }
  }

  /** Its key is two columns, so rows are addressed by ctid: stable while the statement holds their lock. */
  private expiredIdempotencyRecords(now: Date): Sweep {
    return {
      batchCount: 'idempotencyRecordsDeleted',
      statement: Prisma.sql`
        WITH deleted AS (
          DELETE FROM idempotency_record WHERE ctid = ANY (ARRAY(
            SELECT ctid FROM idempotency_record
            WHERE expires_at <= ${now}::timestamptz
            ORDER BY expires_at LIMIT ${this.config.JOB_BATCH_SIZE}
            FOR UPDATE SKIP LOCKED))
          RETURNING 1
        )
        SELECT count(*)::int AS "idempotencyRecordsDeleted" FROM deleted`,
    };
  }

  /** Finished runs only: a RUNNING row is a live run's lease (this one's too). */
  private oldJobRuns(now: Date): Sweep {
    return {
      batchCount: 'jobRunsDeleted',
      statement: Prisma.sql`
        WITH deleted AS (
          DELETE FROM job_run WHERE id = ANY (ARRAY(
            SELECT id FROM job_run
            WHERE started_at < ${this.cutoff(now, this.config.JOB_RUN_RETENTION_DAYS)}
              AND outcome <> 'RUNNING'
            ORDER BY started_at LIMIT ${this.config.JOB_BATCH_SIZE}
            FOR UPDATE SKIP LOCKED))
          RETURNING 1
        )
        SELECT count(*)::int AS "jobRunsDeleted" FROM deleted`,
    };
  }

  /** A notification is finished once DELIVERED or FAILED; a PENDING one has no finished_at. */
  private oldNotifications(now: Date): Sweep {
    return {
      batchCount: 'notificationsDeleted',
      statement: Prisma.sql`
        WITH old AS (
          SELECT id FROM notification
          WHERE finished_at < ${this.cutoff(now, this.config.NOTIFICATION_RETENTION_DAYS)}
          ORDER BY finished_at LIMIT ${this.config.JOB_BATCH_SIZE}
          FOR UPDATE SKIP LOCKED
        ),
        attempts AS (
          DELETE FROM notification_attempt WHERE notification_id = ANY (ARRAY(SELECT id FROM old))
          RETURNING 1
        ),
        deleted AS (
          DELETE FROM notification WHERE id = ANY (ARRAY(SELECT id FROM old)) RETURNING 1
        )
        SELECT (SELECT count(*)::int FROM deleted) AS "notificationsDeleted",
          (SELECT count(*)::int FROM attempts) AS "notificationAttemptsDeleted"`,
    };
  }

  private cutoff(now: Date, days: number): Prisma.Sql {
    return Prisma.sql`(${now}::timestamptz - make_interval(days => ${days}::int))`;
  }
}
