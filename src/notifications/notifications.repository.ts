import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus, ReminderKind, ReminderState } from '../generated/prisma/enums.js';
import type { DeliveryResult } from './notification-sender.js';
import { announceOpenedRemindersSql } from './webhook-events.js';

/** What the CTE `opened` of a statement that opens reminders returns, for queueNotificationsSql. */
export const OPENED_REMINDER_COLUMNS = Prisma.sql`id, commitment_id, kind, due_at, note`;

/**
 * The outbox rows for the reminders a CTE named `opened` inserted (RETURNING
 * OPENED_REMINDER_COLUMNS): the notification to WEBHOOK_URL (a CTE `queued`), sent from `sendAt`
 * (default: at once), and the `reminder.opened` event for admins' endpoints. The one statement
 * that announces reminders.
 */
export const queueNotificationsSql = (now: Date, sendAt: Date = now): Prisma.Sql =>
  Prisma.sql`queued AS (
    INSERT INTO notification (reminder_id, next_attempt_at, created_at)
    SELECT id, ${sendAt}::timestamptz, ${now}::timestamptz FROM opened
    RETURNING id
  ), ${announceOpenedRemindersSql(now)}`;

export interface ClaimedNotification {
  id: string;
  attemptCount: number;
  reminderId: string;
  kind: ReminderKind;
  state: ReminderState;
  dueAt: Date;
  note: string | null;
  commitmentId: string;
  slug: string;
  title: string;
  status: CommitmentStatus;
  targetDate: Date | null;
  staleSince: Date | null;
}

/**
 * Up to `size` due PENDING notifications with their reminder and commitment, claimed (FOR UPDATE
 * SKIP LOCKED) by pushing their next attempt to `leaseUntil`, so no other instance takes them
 * while they are sent.
 */
export function claimDueSql(now: Date, leaseUntil: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH claimed AS (
      UPDATE notification n
      SET next_attempt_at = ${leaseUntil}::timestamptz, attempt_count = n.attempt_count + 1
      FROM (
        SELECT id FROM notification
        WHERE state = 'PENDING' AND next_attempt_at <= ${now}::timestamptz
        ORDER BY next_attempt_at, id
        LIMIT ${size}
        FOR UPDATE SKIP LOCKED
      ) due
      WHERE n.id = due.id
      RETURNING n.id, n.reminder_id, n.attempt_count
    )
    SELECT claimed.id, claimed.attempt_count AS "attemptCount", r.id AS "reminderId", r.kind,
      r.state, r.due_at AS "dueAt", r.note, c.id AS "commitmentId", c.slug, c.title, c.status,
      c.target_date AS "targetDate", c.stale_since AS "staleSince"
    FROM claimed
    JOIN reminder r ON r.id = claimed.reminder_id
    JOIN commitment c ON c.id = r.commitment_id
    ORDER BY claimed.id`;
}

/**
 * Up to `size` notifications finished before `cutoff`, with their attempts. Deleted by key,
 * `= ANY (ARRAY(…))`: a lookup per row, where a join with the batch could be planned as a hash
 * join reading the whole table; rows another transaction holds are left for the next run.
 */
export function deleteFinishedSql(cutoff: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (
      SELECT id FROM notification
      WHERE finished_at < ${cutoff}::timestamptz
      ORDER BY finished_at LIMIT ${size}
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
      (SELECT count(*)::int FROM attempts) AS "notificationAttemptsDeleted"`;
}

export interface AttemptOutcome {
  state: 'DELIVERED' | 'PENDING' | 'FAILED';
  at: Date;
  /** When a PENDING one is tried again. */
  retryAt?: Date;
}

/** The outbox: notifications and their delivery attempts. */
@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /** Notifications that gave up, the latest first, with their reminder's commitment. */
  failed(take: number) {
    return this.prisma.notification.findMany({
      where: { state: 'FAILED' },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      take,
      include: {
        reminder: {
          select: { kind: true, commitment: { select: { slug: true, title: true } } },
        },
      },
    });
  }

  claimDue(now: Date, leaseUntil: Date, size: number): Promise<ClaimedNotification[]> {
    return this.sql.rows<ClaimedNotification>(claimDueSql(now, leaseUntil, size));
  }

  /** The attempt and the notification's new state, together. */
  async recordAttempt(
    notificationId: string,
    result: DeliveryResult,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const { state, at } = outcome;
    await this.prisma.$transaction([
      this.prisma.notificationAttempt.create({
        data: { notificationId, attemptedAt: at, ...result },
      }),
      this.prisma.notification.update({
        where: { id: notificationId },
        data: {
          state,
          lastError: result.error,
          deliveredAt: state === 'DELIVERED' ? at : undefined,
          finishedAt: state === 'PENDING' ? undefined : at,
          nextAttemptAt: outcome.retryAt,
        },
      }),
    ]);
  }

  async deleteFinishedBefore(cutoff: Date, size: number): Promise<Record<string, number>> {
    return this.sql.row<Record<string, number>>(deleteFinishedSql(cutoff, size));
  }
}
