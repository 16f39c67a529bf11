import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { MailPreference, ReminderKind } from '../generated/prisma/enums.js';

/** Reminders a staff mail lists at most; the rest are counted and one click away. */
export const REMINDERS_PER_MAIL = 20;

export interface NewRemindersRow {
  userId: string;
  email: string;
  preference: MailPreference;
  digestHour: number;
  timeZone: string;
  /** Reminders opened since the user's cursor, still open. */
  total: number;
  reminderId: string;
  kind: ReminderKind;
  dueAt: Date;
  note: string | null;
  slug: string;
  title: string;
}

/**
 * When a reminder is mailed: when it opened, but a CUSTOM one not before it is due (as its
 * webhook notification). The expression of the partial index `reminder_open_mailed_at_idx`: a
 * change here must change the index too.
 */
export const MAILED_AT_SQL =
  "(CASE WHEN r.kind = 'CUSTOM' AND r.due_at > r.created_at THEN r.due_at ELSE r.created_at END)";

/**
 * For each active staff user who gets mail, the open reminders mailed after their cursor and up
 * to `now`: the first REMINDERS_PER_MAIL rows each, with the total, read through the partial
 * index on MAILED_AT_SQL of open reminders.
 */
export function newRemindersSql(now: Date): Prisma.Sql {
  const mailedAt = Prisma.raw(MAILED_AT_SQL);
  const opened = Prisma.sql`r.state = 'OPEN' AND ${mailedAt} > u.reminders_mailed_until
    AND ${mailedAt} <= ${now}::timestamptz`;
  return Prisma.sql`
    SELECT u.id AS "userId", u.email, u.mail_preference AS preference,
      u.digest_hour::int AS "digestHour", u.time_zone AS "timeZone", n.total,
      r.id AS "reminderId", r.kind, r.due_at AS "dueAt", r.note, c.slug, c.title
    FROM staff_user u
    CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM reminder r WHERE ${opened}) n
    CROSS JOIN LATERAL (
      SELECT r.id, r.kind, r.due_at, r.note, r.commitment_id, ${mailedAt} AS mailed_at
      FROM reminder r WHERE ${opened}
      ORDER BY ${mailedAt}, r.id LIMIT ${REMINDERS_PER_MAIL}
    ) r
    JOIN commitment c ON c.id = r.commitment_id
    WHERE u.disabled_at IS NULL AND u.password_hash IS NOT NULL
      AND u.mail_preference <> 'NONE' AND n.total > 0
    ORDER BY u.id, r.mailed_at, r.id`;
}

/** What staff reminder mails read and move: the new reminders and each user's cursor. */
@Injectable()
export class ReminderMailsRepository {
  constructor(private readonly sql: Sql) {}

  newReminders(now: Date): Promise<NewRemindersRow[]> {
    return this.sql.rows<NewRemindersRow>(newRemindersSql(now));
  }

  async markMailed(userIds: string[], now: Date, tx: Prisma.TransactionClient): Promise<void> {
    if (userIds.length === 0) return;
    await tx.staffUser.updateMany({
      where: { id: { in: userIds } },
      data: { remindersMailedUntil: now },
    });
  }
}
