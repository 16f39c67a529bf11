import { Injectable } from '@nestjs/common';
import { firstFreeSlug } from '../common/slug.js';
import { Sql } from '../database/sql.js';
import {
  OPENED_REMINDER_COLUMNS,
  queueNotificationsSql,
} from '../notifications/notifications.repository.js';
import {
  FLAGGABLE_SQL,
  IS_CLOSED,
  REVIEWED_OR_MADE_SQL,
  reviewDueAtSql,
} from './commitment-rules.js';
import { Prisma } from '../generated/prisma/client.js';
import { ReminderKind, ReminderState, type PartyRole } from '../generated/prisma/enums.js';
import { COMMITMENT_COLUMNS, fromRaw, type RawCommitmentRow } from './commitments.repository.js';
import { idOrSlugCondition } from './commitment-filters.js';
import type { CommitmentRow, CommitmentTranslationJson } from './commitment-row.js';
import type { Language } from '../common/languages.js';

type Tx = Prisma.TransactionClient;

/** The columns of a commitment a write may set (relations are replaced separately). */
export type CommitmentColumns = Prisma.CommitmentUncheckedUpdateManyInput;

export interface NewCommitment {
  slug: string;
  title: string;
  summary?: string | null;
  quote?: string | null;
  language?: Language;
  eventId: string;
  madeOn: Date;
  targetDate?: Date | null;
  reviewIntervalDays?: number | null;
}

export interface CommitmentRelations {
  parties?: { partyId: string; role: PartyRole }[];
  themeIds?: string[];
}

/**
 * What a changed row of reference data, evidence or lineage is: the commitments showing it move on.
 */
export type ShownRow =
  | { eventId: string }
  | { partyId: string }
  | { themeId: string }
  | { evidenceId: string }
  | { linkedCommitmentId: string };

export interface RowOptions {
  /** Only a commitment that is not archived. */
  live: boolean;
  /** Holds the row's lock until the transaction ends (what a writer changes next). */
  locked?: boolean;
}

/** A commitment with its event, parties and themes, as of this transaction: one statement. */
export function commitmentRowSql(condition: Prisma.Sql, options: RowOptions): Prisma.Sql {
  const live = options.live ? Prisma.sql`AND c.archived = false` : Prisma.empty;
  const lock = options.locked ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty;
  return Prisma.sql`SELECT ${COMMITMENT_COLUMNS} FROM commitment c WHERE ${condition} ${live} ${lock}`;
}

/** The commitments showing a row (`c`), as a condition. */
function showingSql(shown: ShownRow): Prisma.Sql {
  if ('eventId' in shown) return Prisma.sql`c.event_id = ${shown.eventId}::uuid`;
  // The other side of a lineage link: it shows the link too.
  if ('linkedCommitmentId' in shown) return Prisma.sql`c.id = ${shown.linkedCommitmentId}::uuid`;
  const [table, column, id] =
    'partyId' in shown
      ? ['commitment_party', 'party_id', shown.partyId]
      : 'themeId' in shown
        ? ['commitment_theme', 'theme_id', shown.themeId]
        : ['commitment_evidence', 'evidence_id', shown.evidenceId];
  return Prisma.sql`c.id IN (SELECT commitment_id FROM ${Prisma.raw(table)} WHERE ${Prisma.raw(column)} = ${id}::uuid)`;
}

/** Every commitment showing the row gets a new version, so public ETags never hide the change. */
export const bumpShowingSql = (shown: ShownRow): Prisma.Sql =>
  Prisma.sql`UPDATE commitment c SET version = c.version + 1 WHERE ${showingSql(shown)}`;

export const countLiveShowingSql = (shown: ShownRow): Prisma.Sql =>
  Prisma.sql`SELECT count(*)::int AS n FROM commitment c WHERE ${showingSql(shown)} AND c.archived = false`;

const FLAGGABLE = Prisma.raw(FLAGGABLE_SQL);
const REVIEWED_OR_MADE = Prisma.raw(REVIEWED_OR_MADE_SQL);
const OWN_DUE_AT = Prisma.sql`${REVIEWED_OR_MADE} + make_interval(days => c.review_interval_days)`;

/** What one batch of stale-check did: `selected` a full batch means there may be more. */
export type StalenessBatch = { selected: number } & Record<string, number>;

/**
 * Up to a batch of due commitments, flagged. Two index scans: commitments on the default
 * interval are due when reviewed before a cutoff; those with their own interval when their own
 * due time has passed. Each in its index's order: the planner cannot know that nearly every
 * overdue row is flagged already, and without the order it would scan the table for a few.
 * The UPDATE checks the rule again, for a row a review changed meanwhile.
 */
export function flagDueReviewsSql(
  now: Date,
  size: number,
  defaultIntervalDays: number,
): Prisma.Sql {
  const nowUtc = Prisma.sql`(${now}::timestamptz AT TIME ZONE 'UTC')`;
  const reviewDueAt = Prisma.raw(reviewDueAtSql(defaultIntervalDays));
  return Prisma.sql`
    WITH due AS (
      SELECT id FROM (
        (SELECT c.id FROM commitment c
         WHERE ${FLAGGABLE} AND c.review_interval_days IS NULL
           AND ${REVIEWED_OR_MADE} <= ${nowUtc} - make_interval(days => ${defaultIntervalDays}::int)
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
      RETURNING ${OPENED_REMINDER_COLUMNS}
    ),
    ${queueNotificationsSql(now)}
    SELECT (SELECT count(*)::int FROM due) AS "selected",
      (SELECT count(*)::int FROM flagged) AS "flagged",
      (SELECT count(*)::int FROM opened) AS "remindersOpened"`;
}

/**
 * Up to a batch of archived or terminal commitments still flagged (archiving keeps the flag;
 * their open reminders were cancelled by the statement that closed them: a trigger).
 */
export function unflagClosedSql(size: number): Prisma.Sql {
  return Prisma.sql`
    WITH stale_closed AS (
      SELECT c.id FROM commitment c
      WHERE c.stale_since IS NOT NULL AND ${IS_CLOSED} LIMIT ${size}
    ),
    unflagged AS (
      UPDATE commitment c SET stale_since = NULL, version = c.version + 1
      WHERE c.id = ANY (ARRAY(SELECT id FROM stale_closed)) AND c.stale_since IS NOT NULL AND ${IS_CLOSED}
      RETURNING c.id
    )
    SELECT (SELECT count(*)::int FROM stale_closed) AS "selected",
      (SELECT count(*)::int FROM unflagged) AS "unflagged"`;
}

/**
 * The rows of the commitment aggregate (commitment, its parties and themes, and the reminders a
 * change of it closes), as its writer changes them: every statement runs in the writer's
 * transaction.
 */
@Injectable()
export class CommitmentWritesRepository {
  constructor(private readonly sql: Sql) {}

  /** The commitment an id or slug names, or null (also for a string that can be neither). */
  async find(
    tx: Tx,
    idOrSlug: string,
    options: RowOptions = { live: true },
  ): Promise<CommitmentRow | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const row = await this.sql.row<RawCommitmentRow | undefined>(
      commitmentRowSql(condition, options),
      tx,
    );
    return row ? fromRaw(row) : null;
  }

  /**
   * The next version with the columns set, only if the row is still at the version the writer
   * read (`UPDATE … WHERE id = $1 AND version = $2`): of concurrent writers at one version
   * exactly one matches, the others wait for its row lock and then find the version moved.
   */
  async claimVersion(
    tx: Tx,
    id: string,
    expectedVersion: number,
    columns: CommitmentColumns,
  ): Promise<boolean> {
    const { count } = await tx.commitment.updateMany({
      where: { id, version: expectedVersion, archived: false },
      data: { ...columns, version: { increment: 1 } },
    });
    return count === 1;
  }

  async insert(
    tx: Tx,
    row: NewCommitment,
    relations: Required<CommitmentRelations>,
  ): Promise<string> {
    const { id } = await tx.commitment.create({
      data: {
        ...row,
        parties: { create: relations.parties },
        themes: { create: relations.themeIds.map((themeId) => ({ themeId })) },
      },
      select: { id: true },
    });
    return id;
  }

  async replaceRelations(
    tx: Tx,
    commitmentId: string,
    relations: CommitmentRelations,
  ): Promise<void> {
    if (relations.parties) {
      await tx.commitmentParty.deleteMany({ where: { commitmentId } });
      await tx.commitmentParty.createMany({
        data: relations.parties.map((party) => ({ ...party, commitmentId })),
      });
    }
    if (relations.themeIds) {
      await tx.commitmentTheme.deleteMany({ where: { commitmentId } });
      await tx.commitmentTheme.createMany({
        data: relations.themeIds.map((themeId) => ({ themeId, commitmentId })),
      });
    }
  }

  /** Sets (or with null removes) a commitment's translation into a language. */
  async translate(
    tx: Tx,
    commitmentId: string,
    language: Language,
    translation: CommitmentTranslationJson | null,
  ): Promise<void> {
    if (!translation) {
      await tx.commitmentTranslation.deleteMany({ where: { commitmentId, language } });
      return;
    }
    const { title, summary, quote, translator, official } = translation;
    const text = { title, summary, quote, translator, official };
    await tx.commitmentTranslation.upsert({
      where: { commitmentId_language: { commitmentId, language } },
      create: { commitmentId, language, ...text },
      update: text,
    });
  }

  /** The base slug if free, else the first free `base-2`, `base-3`, … */
  async freeSlug(tx: Tx, base: string): Promise<string> {
    const taken = await tx.commitment.findMany({
      where: { slug: { startsWith: base } },
      select: { slug: true },
    });
    return firstFreeSlug(
      base,
      taken.map((row) => row.slug),
    );
  }

  async bumpShowing(tx: Tx, shown: ShownRow): Promise<void> {
    await this.sql.rows(bumpShowingSql(shown), tx);
  }

  async countLiveShowing(tx: Tx, shown: ShownRow): Promise<number> {
    return (await this.sql.row<{ n: number }>(countLiveShowingSql(shown), tx)).n;
  }

  async flagDueReviews(
    now: Date,
    size: number,
    defaultIntervalDays: number,
  ): Promise<StalenessBatch> {
    return this.sql.row<StalenessBatch>(flagDueReviewsSql(now, size, defaultIntervalDays));
  }

  async unflagClosed(size: number): Promise<StalenessBatch> {
    return this.sql.row<StalenessBatch>(unflagClosedSql(size));
  }

  /** Closes a commitment's open reminders: all of them, or only those of the given kinds. */
  async cancelOpenReminders(
    tx: Tx,
    commitmentId: string,
    closedAt: Date,
    kinds?: ReminderKind[],
  ): Promise<void> {
    await tx.reminder.updateMany({
      where: { commitmentId, state: ReminderState.OPEN, ...(kinds && { kind: { in: kinds } }) },
      data: { state: ReminderState.CANCELLED, closedAt },
    });
  }
}

export const REVIEW_REMINDERS = [ReminderKind.REVIEW_DUE];
