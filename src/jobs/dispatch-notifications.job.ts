import { Injectable } from '@nestjs/common';
import { isStale } from '../commitments/commitment-rules.js';
import { toIsoDate } from '../common/dates.js';
import { AppConfig, retryPolicy } from '../config/app-config.js';
import { attemptOutcome, claimLeaseUntil } from '../notifications/backoff.js';
import { NotificationSender, type DeliveryResult } from '../notifications/notification-sender.js';
import {
  NotificationsRepository,
  type ClaimedNotification,
} from '../notifications/notifications.repository.js';
import { commitmentLink } from '../common/public-links.js';
import { WebhookDeliveries } from '../webhooks/webhook-deliveries.js';
import type { Job, JobContext } from './job.js';

const NOTIFICATION_COUNTS = {
  DELIVERED: 'notificationsSent',
  PENDING: 'notificationsRetrying',
  FAILED: 'notificationsFailed',
} as const;

const WEBHOOK_COUNTS = {
  DELIVERED: 'webhooksSent',
  PENDING: 'webhooksRetrying',
  FAILED: 'webhooksFailed',
} as const;

/**
 * Delivers the outboxes at least once (reminder notifications to WEBHOOK_URL, then events to
 * admins' endpoints): claims due PENDING rows (FOR UPDATE SKIP LOCKED, pushing
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
    private readonly webhooks: WebhookDeliveries,
  ) {}

  async run(context: JobContext): Promise<void> {
    context.add({ notificationsSent: 0, notificationsRetrying: 0, notificationsFailed: 0 });
    for (;;) {
      context.assertTimeLeft();
      const claimed = await this.claim(context.now);
      if (claimed.length === 0) break;
      for (const notification of claimed) {
        const result = await this.sender.send(JSON.stringify(this.payload(notification)));
        context.add({ [await this.record(notification, result, context.now)]: 1 });
      }
    }
    await this.deliverWebhooks(context);
  }

  /** The events for admins' endpoints, the same way. */
  private async deliverWebhooks(context: JobContext): Promise<void> {
    context.add({ webhooksSent: 0, webhooksRetrying: 0, webhooksFailed: 0 });
    for (;;) {
      context.assertTimeLeft();
      const claimed = await this.webhooks.claimDue(context.now);
      if (claimed.length === 0) return;
      for (const delivery of claimed) {
        context.add({ [WEBHOOK_COUNTS[await this.webhooks.deliver(delivery, context.now)]]: 1 });
      }
    }
  }

  private claim(now: Date): Promise<ClaimedNotification[]> {
    const leaseUntil = claimLeaseUntil(now, this.config.WEBHOOK_TIMEOUT_MS);
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
    const outcome = attemptOutcome(
      notification.attemptCount,
      result.succeeded,
      now,
      retryPolicy(this.config),
    );
    await this.notifications.recordAttempt(notification.id, result, outcome);
    return NOTIFICATION_COUNTS[outcome.state];
  }
}
