import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { MailKind } from '../generated/prisma/enums.js';
import { renderMail, type MailDocument } from './mail-content.js';
import type { MailDeliveryResult, OutgoingMail } from './mail-transport.js';

/** A mail to queue: rendered, with the key that makes it once-only. */
export interface NewMail {
  kind: MailKind;
  dedupeKey: string;
  recipient: string;
  staffUserId?: string;
  subscriptionId?: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  unsubscribeUrl?: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
}

/** Who a mail goes to and why, sent from `at` on. */
export type MailFields = Omit<
  NewMail,
  'subject' | 'textBody' | 'htmlBody' | 'nextAttemptAt' | 'createdAt'
> & { at: Date };

/** A document rendered into a mail to queue. */
export function composeMail(document: MailDocument, { at, ...fields }: MailFields): NewMail {
  const { subject, text, html } = renderMail(document);
  return { ...fields, subject, textBody: text, htmlBody: html, nextAttemptAt: at, createdAt: at };
}

export interface ClaimedMail extends OutgoingMail {
  id: string;
  attemptCount: number;
}

/**
 * Up to `size` due PENDING mails, claimed (FOR UPDATE SKIP LOCKED) by pushing their next attempt
 * to `leaseUntil`, so no other instance sends them meanwhile.
 */
export function claimDueMailsSql(now: Date, leaseUntil: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    UPDATE mail m
    SET next_attempt_at = ${leaseUntil}::timestamptz, attempt_count = m.attempt_count + 1
    FROM (
      SELECT id FROM mail
      WHERE state = 'PENDING' AND next_attempt_at <= ${now}::timestamptz
      ORDER BY next_attempt_at, id
      LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE m.id = due.id
    RETURNING m.id, m.attempt_count AS "attemptCount", m.recipient AS "to", m.subject,
      m.text_body AS "text", m.html_body AS "html", m.unsubscribe_url AS "unsubscribeUrl"`;
}

/**
 * Up to `size` mails finished before `cutoff`, deleted by key (their attempts go with them: the
 * foreign key cascades); rows another transaction holds are left for the next run.
 */
export function deleteFinishedMailsSql(cutoff: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (
      SELECT id FROM mail WHERE finished_at < ${cutoff}::timestamptz
      ORDER BY finished_at LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    ),
    deleted AS (DELETE FROM mail WHERE id = ANY (ARRAY(SELECT id FROM old)) RETURNING 1)
    SELECT count(*)::int AS "mailsDeleted" FROM deleted`;
}

export interface MailOutcome {
  state: 'DELIVERED' | 'PENDING' | 'FAILED';
  at: Date;
  /** When a PENDING one is tried again. */
  retryAt?: Date;
}

/** The outbox of email and its delivery attempts. */
@Injectable()
export class MailRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /** Queues the mails whose dedupe key is new; returns the queued ones' owners. */
  async queue(mails: NewMail[], tx: Prisma.TransactionClient = this.prisma) {
    if (mails.length === 0) return [];
    return tx.mail.createManyAndReturn({
      data: mails,
      skipDuplicates: true,
      select: { staffUserId: true, subscriptionId: true },
    });
  }

  claimDue(now: Date, leaseUntil: Date, size: number): Promise<ClaimedMail[]> {
    return this.sql.rows<ClaimedMail>(claimDueMailsSql(now, leaseUntil, size));
  }

  /**
   * The attempt and the mail's new state, together; nothing when the mail is gone meanwhile (its
   * follower unsubscribed while it was being sent).
   */
  async recordAttempt(mailId: string, result: MailDeliveryResult, outcome: MailOutcome) {
    const { state, at } = outcome;
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.mail.updateMany({
        where: { id: mailId },
        data: {
          state,
          lastError: result.error,
          finishedAt: state === 'PENDING' ? undefined : at,
          nextAttemptAt: outcome.retryAt,
        },
      });
      if (count) await tx.mailAttempt.create({ data: { mailId, attemptedAt: at, ...result } });
    });
  }

  deleteFinishedBefore(cutoff: Date, size: number): Promise<Record<string, number>> {
    return this.sql.row<Record<string, number>>(deleteFinishedMailsSql(cutoff, size));
  }

  /** Mails that gave up, the latest first: what admins see (never their bodies). */
  failed(take: number) {
    return this.prisma.mail.findMany({
      where: { state: 'FAILED' },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      take,
      select: {
        id: true,
        kind: true,
        recipient: true,
        subject: true,
        attemptCount: true,
        lastError: true,
        finishedAt: true,
      },
    });
  }
}
