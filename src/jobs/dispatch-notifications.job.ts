import { Injectable } from '@nestjs/common';
import { isStale } from '../commitments/commitment-rules.js';
import { toIsoDate } from '../common/dates.js';
import { AppConfig } from '../config/app-config.js';
import { retryDelayMs } from '../notifications/backoff.js';
import { NotificationSender, type DeliveryResult } from '../notifications/notification-sender.js';
import {
  NotificationsRepository,
  type ClaimedNotification,
} from '../notifications/notifications.repository.js';
import { commitmentLink } from '../common/public-links.js';
import type { Job, JobContext } from './job.js';

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
    private readonly notifications: NotificationsRepository,
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
    return this.notifications.claimDue(now, leaseUntil, this.config.JOB_BATCH_SIZE);
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
        stale: isStale(n),
      },
      link: commitmentLink(this.config.PUBLIC_BASE_URL, n.slug),
    };
  }

  /** Records the attempt and the notification's new state; returns the count it adds to. */
  private async record(
    notification: ClaimedNotification,
    result: DeliveryResult,
    now: Date,
  ): Promise<string> {
    const { state, count } = this.outcome(notification.attemptCount, result.succeeded);
    await this.notifications.recordAttempt(notification.id, result, {
      state,
      at: now,
      retryAt: state === 'PENDING' ? this.retryAt(notification.attemptCount, now) : undefined,
    });
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
