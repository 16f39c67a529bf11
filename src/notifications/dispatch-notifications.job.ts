import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus, ReminderKind, ReminderState } from '../generated/prisma/enums.js';
import type { Job, JobContext } from '../jobs/job.js';
import { retryDelayMs } from './backoff.js';
import { NotificationSender, type DeliveryResult } from './notification-sender.js';
import { commitmentLink } from './public-link.js';

interface ClaimedNotification {
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

/** Extra time a claimed row stays invisible to other instances beyond the webhook timeout. */
const CLAIM_MARGIN_MS = 60_000;

/**
 * Delivers the outbox at least once: claims due PENDING rows (FOR UPDATE SKIP LOCKED, pushing
 * their next attempt past the send so no other instance takes them meanwhile), sends each, and
 * records the attempt; a failure is retried with backoff until NOTIFICATION_MAX_ATTEMPTS, then
 * the notification is FAILED. A process that dies mid-send leaves rows that are retried later.
 */
@Injectable()
export class DispatchNotificationsJob implements Job {
  readonly name = 'dispatch-notifications';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly sender: NotificationSender,
  ) {}

  async run(context: JobContext): Promise<void> {
    context.add({ notificationsSent: 0, notificationsRetrying: 0, notificationsFailed: 0 });
    for (;;) {
      context.assertTimeLeft();
      const claimed = await this.claim(context.now);
      if (claimed.length === 0) return;
      for (const notification of claimed) {
        const result = await this.sender.send(JSON.stringify(this.payload(notification)));
        context.add({ [await this.record(notification, result, context.now)]: 1 });
      }
    }
  }

  private claim(now: Date): Promise<ClaimedNotification[]> {
    const leaseUntil = new Date(now.getTime() + this.config.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS);
    return this.prisma.$queryRaw<ClaimedNotification[]>(Prisma.sql`
      WITH claimed AS (
        UPDATE notification n
        SET next_attempt_at = ${leaseUntil}::timestamptz, attempt_count = n.attempt_count + 1
        FROM (
          SELECT id FROM notification
          WHERE state = 'PENDING' AND next_attempt_at <= ${now}::timestamptz
          ORDER BY next_attempt_at, id
          LIMIT ${this.config.JOB_BATCH_SIZE}
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
      ORDER BY claimed.id`);
  }

  /** The webhook body: `id` is the notification's, the same on every retry, for deduplication. */
  private payload(n: ClaimedNotification) {
    return {
      id: n.id,
      type: 'reminder',
      reminder: { id: n.reminderId, kind: n.kind, state: n.state, dueAt: n.dueAt, note: n.note },
      commitment: {
        id: n.commitmentId,
        slug: n.slug,
        title: n.title,
        status: n.status,
        targetDate: toIsoDate(n.targetDate),
        stale: n.staleSince !== null,
      },
      link: commitmentLink(this.config.PUBLIC_BASE_URL, n.slug),
    };
  }

  /** Records the attempt and the notification's new state together; returns the count it adds to. */
  private async record(
    notification: ClaimedNotification,
    result: DeliveryResult,
    now: Date,
  ): Promise<string> {
    const { state, count } = this.outcome(notification.attemptCount, result.succeeded);
    await this.prisma.$transaction([
      this.prisma.notificationAttempt.create({
        data: { notificationId: notification.id, attemptedAt: now, ...result },
      }),
      this.prisma.notification.update({
        where: { id: notification.id },
        data: {
          state,
          lastError: result.error,
          deliveredAt: state === 'DELIVERED' ? now : undefined,
          finishedAt: state === 'PENDING' ? undefined : now,
          nextAttemptAt:
            state === 'PENDING' ? this.retryAt(notification.attemptCount, now) : undefined,
        },
      }),
    ]);
    return count;
  }

  private outcome(attemptCount: number, succeeded: boolean) {
    if (succeeded) return { state: 'DELIVERED', count: 'notificationsSent' } as const;
    if (attemptCount >= this.config.NOTIFICATION_MAX_ATTEMPTS) {
      return { state: 'FAILED', count: 'notificationsFailed' } as const;
    }
    return { state: 'PENDING', count: 'notificationsRetrying' } as const;
  }

  private retryAt(attemptCount: number, now: Date): Date {
    const { NOTIFICATION_BACKOFF_BASE_MS: base, NOTIFICATION_BACKOFF_MAX_MS: max } = this.config;
    return new Date(now.getTime() + retryDelayMs(attemptCount, base, max));
  }
}
