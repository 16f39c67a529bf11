import { Prisma } from '../generated/prisma/client.js';
import { IS_CLOSED_SQL, utcMidnightSql } from './staleness-rule.js';

/** Terminal statuses: such a commitment is never stale and gets no reminders. */
export const IS_CLOSED = Prisma.raw(IS_CLOSED_SQL);

/** A `date` column as the UTC midnight it stands for. */
export const utcMidnight = (column: string): Prisma.Sql => Prisma.raw(utcMidnightSql(column));

/** Outbox rows for the reminders a CTE named `opened` inserted, due at `now`. */
export const queueNotifications = (now: Date): Prisma.Sql => Prisma.sql`queued AS (
    INSERT INTO notification (reminder_id, next_attempt_at, created_at)
    SELECT id, ${now}::timestamptz, ${now}::timestamptz FROM opened
    RETURNING id
  )`;
