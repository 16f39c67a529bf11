import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { workspaceLink } from '../common/public-links.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ReminderKind } from '../generated/prisma/enums.js';
import type { MailDocument } from '../mail/mail-content.js';
import { composeMail, MailRepository, type NewMail } from '../mail/mail.repository.js';
import { isTimeZone, localDateAndHour } from '../common/local-time.js';
import { ReminderMailsRepository, type NewRemindersRow } from './reminder-mails.repository.js';

const KIND_LABELS: Record<ReminderKind, string> = {
  REVIEW_DUE: 'Review due',
  DEADLINE_APPROACHING: 'Deadline approaching',
  DEADLINE_PASSED: 'Deadline passed',
  CUSTOM: 'Reminder',
};

/**
 * Staff reminders by email: each user with IMMEDIATE gets one mail per job run listing the
 * reminders opened since their last mail; each with DAILY_DIGEST gets one digest a day, once their
 * digest hour has come in their time zone. A digest's dedupe key is the user and their local
 * date, so two instances can never queue two for one day. Nothing secret goes in a mail: links
 * lead to the workspace, which asks the reader to sign in.
 */
@Injectable()
export class ReminderMailer {
  constructor(
    private readonly reminders: ReminderMailsRepository,
    private readonly mails: MailRepository,
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** Queues the mails due at `now`; returns how many immediate mails and digests it queued. */
  async queueDue(now: Date): Promise<{ reminderMails: number; digests: number }> {
    const byUser = new Map<string, NewRemindersRow[]>();
    for (const row of await this.reminders.newReminders(now)) {
      byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    }
    const mails = [...byUser.values()].flatMap((rows) => this.mailFor(rows, now) ?? []);
    const queued = await this.prisma.$transaction(async (tx) => {
      const rows = await this.mails.queue(mails, tx);
      await this.reminders.markMailed(
        rows.flatMap((row) => row.staffUserId ?? []),
        now,
        tx,
      );
      return rows;
    });
    const digests = mails.filter(
      (mail) =>
        mail.kind === 'DIGEST' && queued.some((row) => row.staffUserId === mail.staffUserId),
    ).length;
    return { reminderMails: queued.length - digests, digests };
  }

  /** The user's mail now, or null when their digest hour has not come yet today. */
  private mailFor(rows: NewRemindersRow[], now: Date): NewMail | null {
    const [{ userId, email, preference, digestHour, timeZone, total }] = rows;
    const base = this.config.PUBLIC_BASE_URL;
    const items = rows.map((row) => ({
      title: `${KIND_LABELS[row.kind]}: ${row.title}`,
      link: workspaceLink(base, `commitments/${row.slug}`),
      lines: [`Due ${toIsoDate(row.dueAt)}`, ...(row.note ? [row.note] : [])],
    }));
    const more = total > rows.length ? `${total - rows.length} more` : 'All reminders';
    const document: MailDocument = {
      subject: '',
      intro: '',
      items,
      more: { text: `${more} in the workspace's review queue`, link: workspaceLink(base) },
      footer: {
        text: 'You get these as a member of the tracker’s staff.',
        link: workspaceLink(base, 'account'),
        linkText: 'Choose how (immediately, a daily digest, or none)',
      },
    };
    const reminders = total === 1 ? '1 reminder' : `${total} reminders`;
    if (preference === 'IMMEDIATE') {
      return composeMail(
        { ...document, subject: `${reminders} opened`, intro: `New in the tracker: ${reminders}.` },
        {
          kind: 'REMINDERS',
          dedupeKey: `reminders:${userId}:${now.toISOString()}`,
          recipient: email,
          staffUserId: userId,
          at: now,
        },
      );
    }
    // The app checks a zone when it is chosen; one written by hand that Node does not know is UTC.
    const local = localDateAndHour(now, isTimeZone(timeZone) ? timeZone : 'UTC');
    if (local.hour < digestHour) return null;
    return composeMail(
      {
        ...document,
        subject: `Daily digest ${local.date}: ${reminders}`,
        intro: `Opened since your last mail and still open: ${reminders}.`,
      },
      {
        kind: 'DIGEST',
        dedupeKey: `digest:${userId}:${local.date}`,
        recipient: email,
        staffUserId: userId,
        at: now,
      },
    );
  }
}
