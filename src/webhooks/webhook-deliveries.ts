import { Injectable, Logger } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.repository.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { AppConfig, retryPolicy } from '../config/app-config.js';
import type { NotificationState } from '../generated/prisma/enums.js';
import { attemptOutcome, claimLeaseUntil } from '../notifications/backoff.js';
import { NotificationSender } from '../notifications/notification-sender.js';
import {
  WebhooksRepository,
  type ClaimedDelivery,
  type DeliveryClaim,
} from '../notifications/webhooks.repository.js';

/** Who the audit log says paused a failing endpoint. */
const DISPATCHER: AuditActor = { name: 'dispatch-notifications', apiKeyId: null };

const HOUR_MS = 3_600_000;

/**
 * The body an endpoint receives: the event's id (the same on every retry and for every endpoint,
 * for deduplication), its type, when it happened, and its data.
 */
export const deliveryBody = (delivery: ClaimedDelivery): string =>
  JSON.stringify({
    id: delivery.eventId,
    type: delivery.type,
    createdAt: delivery.createdAt.toISOString(),
    data: JSON.parse(delivery.payload) as unknown,
  });

/**
 * Sends deliveries to admins' endpoints and records each attempt with backoff; an endpoint whose
 * every delivery has failed for WEBHOOK_PAUSE_AFTER_HOURS is paused, with an audit entry and a
 * warning in the log.
 */
@Injectable()
export class WebhookDeliveries {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly sender: NotificationSender,
    private readonly writes: AuditedTransaction,
    private readonly config: AppConfig,
  ) {}

  /** Up to a batch of due deliveries, claimed for this instance. */
  claimDue(now: Date): Promise<ClaimedDelivery[]> {
    return this.claim({ now, size: this.config.JOB_BATCH_SIZE }, now);
  }

  /** The one delivery, now, unless it is finished or being sent. */
  async deliverNow(id: string, now: Date): Promise<NotificationState | null> {
    const [delivery] = await this.claim({ id }, now);
    return delivery ? this.deliver(delivery, now) : null;
  }

  /** Sends a claimed delivery and records the attempt; returns its new state. */
  async deliver(delivery: ClaimedDelivery, now: Date): Promise<NotificationState> {
    const result = await this.sender.sendTo(delivery, deliveryBody(delivery));
    const outcome = attemptOutcome(
      delivery.attemptCount,
      result.succeeded,
      now,
      retryPolicy(this.config),
    );
    const pauseCutoff = new Date(now.getTime() - this.config.WEBHOOK_PAUSE_AFTER_HOURS * HOUR_MS);
    const paused = await this.writes.run(DISPATCHER, async ({ tx, audit }) => {
      const pausedNow = await this.webhooks.recordAttempt(tx, delivery, result, {
        ...outcome,
        pauseCutoff,
      });
      if (pausedNow) {
        await audit({
          action: 'webhook.pause',
          entityType: 'webhook-endpoint',
          entityId: delivery.endpointId,
          after: { pauseReason: 'FAILING', lastError: result.error },
        });
      }
      return pausedNow;
    });
    if (paused) {
      this.logger.warn(
        `webhook endpoint ${delivery.endpointId} paused: failing for ${this.config.WEBHOOK_PAUSE_AFTER_HOURS} h (${result.error})`,
      );
    }
    return outcome.state;
  }

  private claim(claim: DeliveryClaim, now: Date): Promise<ClaimedDelivery[]> {
    return this.webhooks.claim(claim, claimLeaseUntil(now, this.config.WEBHOOK_TIMEOUT_MS));
  }
}
