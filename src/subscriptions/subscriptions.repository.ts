import { Injectable } from '@nestjs/common';
import { IS_CLOSED } from '../commitments/commitment-rules.js';
import { toIsoDate } from '../common/dates.js';
import type { Language } from '../common/languages.js';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import {
  targetSelects,
  themeRow,
  toFollowTarget,
  type FollowTarget,
} from './follow-targets.repository.js';

const TARGET_COLUMN = { commitment: 'commitmentId', theme: 'themeId', event: 'eventId' } as const;

/** Its target with every translation: its mails are in the follow's language. */
const SUBSCRIPTION_TARGETS = targetSelects() satisfies Prisma.SubscriptionSelect;

const SUBSCRIPTION_SELECT = {
  id: true,
  email: true,
  language: true,
  confirmedAt: true,
  notifiedUntil: true,
  ...SUBSCRIPTION_TARGETS,
} satisfies Prisma.SubscriptionSelect;

export interface FollowedSubscription {
  id: string;
  email: string;
  /** The language of its mails and their links. */
  language: Language;
  target: FollowTarget;
  confirmed: boolean;
  /** Changes up to this instant have been mailed (null until confirmed). */
  since: Date | null;
}

/** Changes a change statement reports per subscription: at most this many of each kind. */
export const CHANGES_PER_KIND = 20;

export interface EvidenceLink {
  title: string;
  url: string;
}

export interface StatusChange {
  subscriptionId: string;
  slug: string;
  title: string;
  fromStatus: CommitmentStatus;
  toStatus: CommitmentStatus;
  progress: number | null;
  note: string;
  at: Date;
  evidence: EvidenceLink[];
}

export interface AssessmentChange {
  subscriptionId: string;
  slug: string;
  title: string;
  party: string;
  score: number;
  rationale: string;
  at: Date;
  evidence: EvidenceLink[];
}

export interface PassedDeadline {
  subscriptionId: string;
  slug: string;
  title: string;
  targetDate: Date;
}

/**
 * The public commitments each of the subscriptions `ids` follows, with when it was last mailed
 * (`since`): the commitment itself, the theme's, or the event's.
 */
const followedSql = (ids: string[]) => Prisma.sql`
  s AS (SELECT id, commitment_id, theme_id, event_id, notified_until AS since
        FROM subscription WHERE id = ANY (${ids}::uuid[]) AND confirmed_at IS NOT NULL),
  followed AS (
    SELECT s.id AS sid, s.since, s.commitment_id AS cid FROM s WHERE s.commitment_id IS NOT NULL
    UNION ALL
    SELECT s.id, s.since, ct.commitment_id FROM s JOIN commitment_theme ct ON ct.theme_id = s.theme_id
    UNION ALL
    SELECT s.id, s.since, c.id FROM s JOIN commitment c ON c.event_id = s.event_id
  )`;

/** Where a kind of change lives: its table, its time column, what it shows, its evidence. */
interface ChangeSource {
  table: string;
  time: string;
  /** Columns of the table (alias `x`) or its extra join, aliased to the row's names. */
  columns: string;
  join?: string;
  /** The table linking a row to its evidence, and the column naming the row. */
  evidence: [link: string, key: string];
}

/**
 * Rows of a kind of change on each subscription's followed public commitments made after its
 * `since` and up to `now`: the newest CHANGES_PER_KIND per subscription, with their evidence.
 */
function changesSinceSql(ids: string[], now: Date, source: ChangeSource): Prisma.Sql {
  const time = Prisma.raw(`x.${source.time}`);
  const [link, key] = source.evidence;
  return Prisma.sql`
    WITH ${followedSql(ids)},
    changes AS (
      SELECT f.sid AS "subscriptionId", c.slug, c.title, x.id, ${time} AS at,
        ${Prisma.raw(source.columns)},
        row_number() OVER (PARTITION BY f.sid ORDER BY ${time} DESC, x.id DESC) AS n
      FROM followed f
      JOIN commitment c ON c.id = f.cid AND NOT c.archived
      JOIN ${Prisma.raw(source.table)} x ON x.commitment_id = c.id
        AND ${time} > f.since AND ${time} <= ${now}::timestamptz
      ${Prisma.raw(source.join ?? '')}
    )
    SELECT ch.*, COALESCE((
      SELECT json_agg(json_build_object('title', e.title, 'url', e.url) ORDER BY e.title)
      FROM ${Prisma.raw(link)} l JOIN evidence e ON e.id = l.evidence_id
      WHERE l.${Prisma.raw(key)} = ch.id), '[]'::json) AS evidence
    FROM changes ch WHERE ch.n <= ${CHANGES_PER_KIND}
    ORDER BY ch."subscriptionId", ch.at DESC, ch.id DESC`;
}

/** Status updates recorded after each subscription's `since` and up to `now`, newest first. */
export const statusChangesSql = (ids: string[], now: Date): Prisma.Sql =>
  changesSinceSql(ids, now, {
    table: 'status_update',
    time: 'recorded_at',
    columns: 'x.from_status AS "fromStatus", x.to_status AS "toStatus", x.progress, x.note',
    evidence: ['status_update_evidence', 'status_update_id'],
  });

/** Assessments made after each subscription's `since` and up to `now`, newest first. */
export const assessmentChangesSql = (ids: string[], now: Date): Prisma.Sql =>
  changesSinceSql(ids, now, {
    table: 'assessment',
    time: 'created_at',
    columns: 'p.name AS party, x.score::int AS score, x.rationale',
    join: 'JOIN party p ON p.id = x.party_id',
    evidence: ['assessment_evidence', 'assessment_id'],
  });

/**
 * Target dates of open commitments that passed since each subscription's `since`: a date passes
 * when its day is over (UTC), as the deadline-check job has it.
 */
export function passedDeadlinesSql(ids: string[], now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH ${followedSql(ids)},
    passed AS (
      SELECT f.sid, c.slug, c.title, c.target_date,
        row_number() OVER (PARTITION BY f.sid ORDER BY c.target_date, c.id) AS n
      FROM followed f JOIN commitment c ON c.id = f.cid
      WHERE NOT ${IS_CLOSED}
        AND c.target_date >= (f.since AT TIME ZONE 'UTC')::date
        AND c.target_date < ${toIsoDate(now)}::date
    )
    SELECT sid AS "subscriptionId", slug, title, target_date AS "targetDate"
    FROM passed WHERE n <= ${CHANGES_PER_KIND} ORDER BY sid, target_date`;
}

/** Public follows: who follows what, confirmed or not, and what changed for them. */
@Injectable()
export class SubscriptionsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /**
   * The address's subscription to the target, made unconfirmed when there is none. An
   * unconfirmed one takes the language of the latest request, whose confirmation mail is in it.
   */
  async findOrCreate(email: string, target: FollowTarget, language: Language, now: Date) {
    const where = { email, [TARGET_COLUMN[target.kind]]: target.id };
    await this.prisma.subscription.createMany({
      data: [{ ...where, language, createdAt: now }],
      skipDuplicates: true,
    });
    await this.prisma.subscription.updateMany({
      where: { ...where, confirmedAt: null },
      data: { language },
    });
    return this.prisma.subscription.findFirstOrThrow({
      where,
      select: { id: true, confirmedAt: true },
    });
  }

  async find(id: string): Promise<FollowedSubscription | null> {
    const row = await this.prisma.subscription.findUnique({
      where: { id },
      select: SUBSCRIPTION_SELECT,
    });
    return row && toFollowed(row);
  }

  /** Confirms it (a second confirmation changes nothing); false when it does not exist. */
  async confirm(id: string, now: Date): Promise<boolean> {
    await this.prisma.subscription.updateMany({
      where: { id, confirmedAt: null },
      data: { confirmedAt: now, notifiedUntil: now },
    });
    return (await this.prisma.subscription.count({ where: { id } })) > 0;
  }

  /** Deletes it, its address and its queued mails with it. */
  async delete(id: string): Promise<void> {
    await this.prisma.subscription.deleteMany({ where: { id } });
  }

  /** Unconfirmed subscriptions made before `cutoff`: their confirmation link has expired. */
  async deleteUnconfirmedBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.subscription.deleteMany({
      where: { confirmedAt: null, createdAt: { lt: cutoff } },
    });
    return count;
  }

  /** Up to `size` confirmed subscriptions last mailed at or before `cutoff`, the oldest first. */
  async due(cutoff: Date, size: number): Promise<FollowedSubscription[]> {
    const rows = await this.prisma.subscription.findMany({
      where: { notifiedUntil: { lte: cutoff } },
      orderBy: [{ notifiedUntil: 'asc' }, { id: 'asc' }],
      take: size,
      select: SUBSCRIPTION_SELECT,
    });
    return rows.map(toFollowed);
  }

  statusChanges(ids: string[], now: Date): Promise<StatusChange[]> {
    return this.sql.rows<StatusChange>(statusChangesSql(ids, now));
  }

  assessmentChanges(ids: string[], now: Date): Promise<AssessmentChange[]> {
    return this.sql.rows<AssessmentChange>(assessmentChangesSql(ids, now));
  }

  passedDeadlines(ids: string[], now: Date): Promise<PassedDeadline[]> {
    return this.sql.rows<PassedDeadline>(passedDeadlinesSql(ids, now));
  }

  /** Marks the subscriptions mailed up to `now`, in the transaction that queues their mails. */
  async markNotified(ids: string[], now: Date, tx: Prisma.TransactionClient): Promise<void> {
    await tx.subscription.updateMany({ where: { id: { in: ids } }, data: { notifiedUntil: now } });
  }
}

type SubscriptionRow = Prisma.SubscriptionGetPayload<{ select: typeof SUBSCRIPTION_SELECT }>;

function toFollowed(row: SubscriptionRow): FollowedSubscription {
  const { id, email, confirmedAt, notifiedUntil } = row;
  const language = row.language as Language;
  const target = row.commitment
    ? toFollowTarget('commitment', row.commitment, language)
    : row.theme
      ? toFollowTarget('theme', themeRow(row.theme), language)
      : toFollowTarget('event', row.event!, language);
  return { id, email, language, target, confirmed: confirmedAt !== null, since: notifiedUntil };
}
