import { Injectable } from '@nestjs/common';
import { IS_CLOSED, utcMidnightSql } from '../commitments/commitment-rules.js';
import { toIsoDate } from '../common/dates.js';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { isUuid } from '../common/identifiers.js';
import type { InstantKeyset } from '../common/pagination.js';
import { Prisma } from '../generated/prisma/client.js';
import type { ReminderKind, ReminderState } from '../generated/prisma/enums.js';
import {
  OPENED_REMINDER_COLUMNS,
  queueNotificationsSql,
} from '../notifications/notifications.repository.js';

/** The last commitment id a batch covered (null past the end), and what it opened or closed. */
export type DeadlineBatch = {
  lastId: string | null;
  remindersOpened: number;
  remindersSuperseded: number;
};

export interface DeadlineWindow {
  now: Date;
  /** A target date this many days ahead (or fewer) opens DEADLINE_APPROACHING. */
  windowDays: number;
  size: number;
}

/**
 * deadline-check's batch over the commitments after `after` in id order: DEADLINE_APPROACHING
 * when an open commitment's target date is at most `windowDays` ahead (today included),
 * DEADLINE_PASSED from the day after it; the passed reminder supersedes (cancels) the approaching
 * one. One reminder per kind and target date, so a reminder staff closed is not opened again,
 * while a moved target date gets fresh ones. The batch's columns come from the same index scan
 * that finds it.
 */
export function openDeadlineRemindersSql(after: string, { now, windowDays, size }: DeadlineWindow) {
  const today = Prisma.sql`${toIsoDate(now)}::date`;
  return Prisma.sql`
    WITH batch AS (
      SELECT c.id, c.target_date, ${IS_CLOSED} AS closed
      FROM commitment c WHERE c.id > ${after}::uuid ORDER BY c.id LIMIT ${size}
    ),
    due AS (
      SELECT id,
        (CASE WHEN target_date < ${today} THEN 'DEADLINE_PASSED' ELSE 'DEADLINE_APPROACHING' END)::"ReminderKind" AS kind,
        ${Prisma.raw(utcMidnightSql('target_date'))} AS due_at
      FROM batch
      WHERE NOT closed AND target_date <= ${today} + ${windowDays}::int
    ),
    opened AS (
      INSERT INTO reminder (commitment_id, kind, due_at, created_at, updated_at)
      SELECT due.id, due.kind, due.due_at, ${now}::timestamptz, ${now}::timestamptz FROM due
      WHERE NOT EXISTS (
        SELECT 1 FROM reminder r
        WHERE r.commitment_id = due.id AND r.kind = due.kind AND r.due_at = due.due_at
      )
      ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
      RETURNING ${OPENED_REMINDER_COLUMNS}
    ),
    ${queueNotificationsSql(now)},
    superseded AS (
      UPDATE reminder r SET state = 'CANCELLED', closed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      FROM due
      WHERE due.kind = 'DEADLINE_PASSED' AND r.commitment_id = due.id
        AND r.kind = 'DEADLINE_APPROACHING' AND r.state = 'OPEN'
      RETURNING r.id
    )
    SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1)::text AS "lastId",
      (SELECT count(*)::int FROM opened) AS "remindersOpened",
      (SELECT count(*)::int FROM superseded) AS "remindersSuperseded"`;
}

/** A CUSTOM reminder and its notification, unless the commitment has an open one already. */
export function openCustomReminderSql(
  commitmentId: string,
  dueAt: Date,
  note: string | null,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    WITH opened AS (
      INSERT INTO reminder (commitment_id, kind, due_at, note, created_at, updated_at)
      VALUES (${commitmentId}::uuid, 'CUSTOM', ${dueAt}::timestamptz, ${note},
        ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
      RETURNING ${OPENED_REMINDER_COLUMNS}
    ), ${queueNotificationsSql(now, dueAt)}
    SELECT id::text FROM opened`;
}

const REMINDER_INCLUDE = {
  commitment: { select: { id: true, slug: true, title: true } },
} satisfies Prisma.ReminderInclude;

export type ReminderRow = Prisma.ReminderGetPayload<{ include: typeof REMINDER_INCLUDE }>;

export interface ReminderFilter {
  state?: ReminderState;
  kind?: ReminderKind;
  /** A commitment's id or slug. */
  commitment?: string;
  dueFrom?: Date;
  dueBefore?: Date;
}

const commitmentKey = (idOrSlug: string) =>
  isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };

type Tx = Prisma.TransactionClient;

/** Reminders and the outbox rows that announce them. */
@Injectable()
export class RemindersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /** Soonest due first, after the keyset (dueAt, id). */
  page(filter: ReminderFilter, take: number, after: InstantKeyset | null): Promise<ReminderRow[]> {
    return this.prisma.reminder.findMany({
      where: {
        state: filter.state,
        kind: filter.kind,
        commitment: filter.commitment ? commitmentKey(filter.commitment) : undefined,
        dueAt: { gte: filter.dueFrom, lt: filter.dueBefore },
        ...(after && {
          OR: [
            { dueAt: { gt: new Date(after.at) } },
            { dueAt: new Date(after.at), id: { gt: after.id } },
          ],
        }),
      },
      include: REMINDER_INCLUDE,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }

  /** Open reminders of live commitments, soonest first. */
  open(take: number): Promise<ReminderRow[]> {
    return this.prisma.reminder.findMany({
      where: { state: 'OPEN', commitment: { archived: false } },
      include: REMINDER_INCLUDE,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }

  find(tx: Tx, id: string): Promise<ReminderRow | null> {
    return tx.reminder.findUnique({ where: { id }, include: REMINDER_INCLUDE });
  }

  update(tx: Tx, id: string, data: Prisma.ReminderUncheckedUpdateInput): Promise<ReminderRow> {
    return tx.reminder.update({ where: { id }, data, include: REMINDER_INCLUDE });
  }

  /** A snoozed reminder notifies again when due: its pending notification waits, or a new one. */
  async requeue(tx: Tx, reminderId: string, dueAt: Date, now: Date): Promise<void> {
    const { count } = await tx.notification.updateMany({
      where: { reminderId, state: 'PENDING' },
      data: { nextAttemptAt: dueAt },
    });
    if (count === 0) {
      await tx.notification.create({ data: { reminderId, nextAttemptAt: dueAt, createdAt: now } });
    }
  }

  /** The new CUSTOM reminder's id, or null when the commitment has one open already. */
  async openCustom(
    tx: Tx,
    commitmentId: string,
    dueAt: Date,
    note: string | null,
    now: Date,
  ): Promise<string | null> {
    const opened = await this.sql.row<{ id: string } | undefined>(
      openCustomReminderSql(commitmentId, dueAt, note, now),
      tx,
    );
    return opened?.id ?? null;
  }

  async openCustomId(tx: Tx, commitmentId: string): Promise<string | undefined> {
    const row = await tx.reminder.findFirst({
      where: { commitmentId, kind: 'CUSTOM', state: 'OPEN' },
      select: { id: true },
    });
    return row?.id;
  }

  async openDeadlineReminders(after: string, window: DeadlineWindow): Promise<DeadlineBatch> {
    return this.sql.row<DeadlineBatch>(openDeadlineRemindersSql(after, window));
  }
}
