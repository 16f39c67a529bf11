import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MailRepository, type ClaimedMail, type MailOutcome } from '../mail/mail.repository.js';
import { MailTransport, type MailDeliveryResult } from '../mail/mail-transport.js';
import { retryDelayMs } from '../notifications/backoff.js';
import { ReminderMailer } from '../reminders/reminder-mailer.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import type { Job, JobContext } from './job.js';

/** How long a claimed mail stays invisible to other instances: well past an SMTP timeout. */
const CLAIM_MS = 5 * 60_000;

/**
 * Queues what is due — staff reminder mails and digests, followers' mails of changes — then
 * delivers the mail outbox at least once: claims due PENDING mails, sends each, records the
 * attempt; a failure is retried with backoff until NOTIFICATION_MAX_ATTEMPTS, then the mail is
 * FAILED (shown to admins). Unconfirmed follows whose link expired are forgotten.
 */
@Injectable()
export class SendMailJob implements Job {
  readonly name = 'send-mail';

  constructor(
    private readonly reminderMailer: ReminderMailer,
    private readonly subscriptions: SubscriptionsService,
    private readonly mails: MailRepository,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    const { now } = context;
    context.add({ mailsSent: 0, mailsRetrying: 0, mailsFailed: 0 });
    context.add(await this.reminderMailer.queueDue(now));
    for (;;) {
      context.assertTimeLeft();
      const { due, queued } = await this.subscriptions.queueFollowMails(
        now,
        this.config.JOB_BATCH_SIZE,
      );
      context.add({ followMails: queued });
      if (due < this.config.JOB_BATCH_SIZE) break;
    }
    context.add({ unconfirmedFollowsDeleted: await this.subscriptions.deleteUnconfirmed(now) });
    for (;;) {
      context.assertTimeLeft();
      const claimed = await this.mails.claimDue(
        now,
        new Date(now.getTime() + CLAIM_MS),
        this.config.JOB_BATCH_SIZE,
      );
      if (claimed.length === 0) return;
      for (const mail of claimed) {
        context.add({ [await this.deliver(mail, now)]: 1 });
      }
    }
  }

  /** Sends one mail and records the attempt; returns the count it adds to. */
  private async deliver(mail: ClaimedMail, now: Date): Promise<string> {
    const result = await this.transport.send(mail);
    const outcome = this.outcome(mail.attemptCount, result, now);
    await this.mails.recordAttempt(mail.id, result, outcome);
    return { DELIVERED: 'mailsSent', PENDING: 'mailsRetrying', FAILED: 'mailsFailed' }[
      outcome.state
    ];
  }

  private outcome(attempts: number, result: MailDeliveryResult, now: Date): MailOutcome {
    if (result.succeeded) return { state: 'DELIVERED', at: now };
    const { NOTIFICATION_MAX_ATTEMPTS, NOTIFICATION_BACKOFF_BASE_MS, NOTIFICATION_BACKOFF_MAX_MS } =
      this.config;
    if (attempts >= NOTIFICATION_MAX_ATTEMPTS) return { state: 'FAILED', at: now };
    const delay = retryDelayMs(attempts, NOTIFICATION_BACKOFF_BASE_MS, NOTIFICATION_BACKOFF_MAX_MS);
    return { state: 'PENDING', at: now, retryAt: new Date(now.getTime() + delay) };
  }
}
