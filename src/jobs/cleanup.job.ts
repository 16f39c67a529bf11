import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { WebhooksRepository } from '../notifications/webhooks.repository.js';
import { MailRepository } from '../mail/mail.repository.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { runBatches } from './commitment-batches.js';
import type { Job, JobContext } from './job.js';

/** One table's expired rows: deletes up to a batch of them, returning its counts. */
interface Sweep {
  /** The count of the batch's rows: a full batch means there may be more. */
  batchCount: string;
  deleteBatch: (size: number) => Promise<Record<string, number>>;
}

const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);

/**
 * Deletes what is kept only for a while: idempotency records once expired, finished job runs after
 * JOB_RUN_RETENTION_DAYS, finished notifications with their attempts after
 * NOTIFICATION_RETENTION_DAYS, webhook events as old with their deliveries (unless one is still
 * pending), and sent or failed mails with their attempts after MAIL_RETENTION_DAYS. Audit entries
 * (the record of who did what), reminders and the
 * timeline are kept. Each batch is one statement deleting at most JOB_BATCH_SIZE of the oldest
 * rows, found through an index on the time they expire by, so no delete holds its locks long.
 */
@Injectable()
export class CleanupJob implements Job {
  readonly name = 'cleanup';

  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly jobRuns: JobRunsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly mails: MailRepository,
    private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    const { now } = context;
    // Another table whose rows expire (the rate limiter's windows, say) adds its sweep here.
    const sweeps: Sweep[] = [
      {
        batchCount: 'idempotencyRecordsDeleted',
        deleteBatch: (size) => this.idempotency.deleteExpired(now, size),
      },
      {
        batchCount: 'jobRunsDeleted',
        deleteBatch: (size) =>
          this.jobRuns.deleteFinishedBefore(
            daysBefore(now, this.config.JOB_RUN_RETENTION_DAYS),
            size,
          ),
      },
      {
        batchCount: 'notificationsDeleted',
        deleteBatch: (size) =>
          this.notifications.deleteFinishedBefore(
            daysBefore(now, this.config.NOTIFICATION_RETENTION_DAYS),
            size,
          ),
      },
      {
        batchCount: 'webhookEventsDeleted',
        deleteBatch: (size) =>
          this.webhooks.deleteOldEvents(
            daysBefore(now, this.config.NOTIFICATION_RETENTION_DAYS),
            size,
          ),
      },
      {
        batchCount: 'mailsDeleted',
        deleteBatch: (size) =>
          this.mails.deleteFinishedBefore(daysBefore(now, this.config.MAIL_RETENTION_DAYS), size),
      },
    ];
    for (const { batchCount, deleteBatch } of sweeps) {
      await runBatches(context, this.config.JOB_YIELD_RATIO, async () => {
        const counts = await deleteBatch(this.config.JOB_BATCH_SIZE);
        context.add(counts);
        return counts[batchCount] === this.config.JOB_BATCH_SIZE;
      });
    }
  }
}
