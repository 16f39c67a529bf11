import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { runBatches } from './commitment-batches.js';
import type { Job, JobContext } from './job.js';
import { IS_CLOSED, queueNotifications } from './sql-fragments.js';
import { FLAGGABLE_SQL, REVIEWED_OR_MADE_SQL, reviewDueAtSql } from './staleness-rule.js';

type Counts = Record<string, number>;

const FLAGGABLE = Prisma.raw(FLAGGABLE_SQL);
const REVIEWED_OR_MADE = Prisma.raw(REVIEWED_OR_MADE_SQL);
const OWN_DUE_AT = Prisma.sql`${REVIEWED_OR_MADE} + make_interval(days => c.review_interval_days)`;

/**
 * Flags open commitments nobody has reviewed within their interval: `stale_since` and one OPEN
 * REVIEW_DUE reminder (with its notification). Archived or terminal commitments lose their flag
 * (the staff API clears it on a terminal status; archiving keeps it until this job runs).
 * A change of staleness is a change of the public representation, so it bumps the version (the
 * ETag): a cached copy revalidates, and staff holding the old ETag get 412 and see the flag.
 *
 * It reads only the commitments it changes, through partial indexes (the stale_check_due
 * migration): a daily run over a million commitments touches the few thousand that fell due.
 * Each batch is one statement of at most STALE_CHECK_BATCH_SIZE rows, repeated until one comes short.
 */
@Injectable()
export class StaleCheckJob implements Job {
  readonly name = 'stale-check';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    await this.repeat(context, () => this.flagDue(context.now));
    await this.repeat(context, () => this.unflagClosed());
  }

  /** A batch statement, again until one selects fewer rows than a batch. */
  private async repeat(context: JobContext, batch: () => Prisma.Sql): Promise<void> {
    await runBatches(context, this.config.JOB_YIELD_RATIO, async () => {
      const [{ selected, ...counts }] = await this.prisma.$queryRaw<Counts[]>(batch());
      context.add(counts);
      return selected === this.config.STALE_CHECK_BATCH_SIZE;
    });
  }

  /**
   * Up to a batch of due commitments, flagged. Two index scans: commitments on the default
   * interval are due when reviewed before a cutoff; those with their own interval when their own
   * due time has passed. Each in its index's order: the planner cannot know that nearly every
   * overdue row is flagged already, and without the order it would scan the table for a few.
   * The UPDATE checks the rule again, for a row a review changed meanwhile.
   */
  private flagDue(now: Date): Prisma.Sql {
    const size = this.config.STALE_CHECK_BATCH_SIZE;
    const nowUtc = Prisma.sql`(${now}::timestamptz AT TIME ZONE 'UTC')`;
    const reviewDueAt = Prisma.raw(reviewDueAtSql(this.config.REVIEW_INTERVAL_DAYS));
    return Prisma.sql`
      WITH due AS (
        SELECT id FROM (
          (SELECT c.id FROM commitment c
           WHERE ${FLAGGABLE} AND c.review_interval_days IS NULL
             AND ${REVIEWED_OR_MADE} <= ${nowUtc} - make_interval(days => ${this.config.REVIEW_INTERVAL_DAYS}::int)
           ORDER BY ${REVIEWED_OR_MADE} LIMIT ${size})
          UNION ALL
          (SELECT c.id FROM commitment c
           WHERE ${FLAGGABLE} AND c.review_interval_days IS NOT NULL
             AND ${OWN_DUE_AT} <= ${nowUtc}
           ORDER BY ${OWN_DUE_AT} LIMIT ${size})
        ) both_intervals
        LIMIT ${size}
      ),
      flagged AS (
        UPDATE commitment c SET stale_since = ${now}::timestamptz, version = c.version + 1
        WHERE c.id = ANY (ARRAY(SELECT id FROM due))
          AND ${FLAGGABLE} AND ${reviewDueAt} <= ${now}::timestamptz
        RETURNING c.id, ${reviewDueAt} AS review_due_at
      ),
      opened AS (
        INSERT INTO reminder (commitment_id, kind, due_at, created_at, updated_at)
        SELECT id, 'REVIEW_DUE', review_due_at, ${now}::timestamptz, ${now}::timestamptz FROM flagged
        ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
        RETURNING id
      ),
      ${queueNotifications(now)}
      SELECT (SELECT count(*)::int FROM due) AS "selected",
        (SELECT count(*)::int FROM flagged) AS "flagged",
        (SELECT count(*)::int FROM opened) AS "remindersOpened"`;
  }

  /**
   * Up to a batch of archived or terminal commitments still flagged (archiving keeps the flag;
   * their open reminders were cancelled by the statement that closed them: a trigger).
   */
  private unflagClosed(): Prisma.Sql {
    return Prisma.sql`
      WITH stale_closed AS (
        SELECT c.id FROM commitment c
        WHERE c.stale_since IS NOT NULL AND ${IS_CLOSED} LIMIT ${this.config.STALE_CHECK_BATCH_SIZE}
      ),
      unflagged AS (
        UPDATE commitment c SET stale_since = NULL, version = c.version + 1
        WHERE c.id = ANY (ARRAY(SELECT id FROM stale_closed)) AND c.stale_since IS NOT NULL AND ${IS_CLOSED}
        RETURNING c.id
      )
      SELECT (SELECT count(*)::int FROM stale_closed) AS "selected",
        (SELECT count(*)::int FROM unflagged) AS "unflagged"`;
  }
}
