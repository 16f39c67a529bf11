import { Prisma } from '../generated/prisma/client.js';

/** Terminal statuses: such a commitment is never stale and gets no reminders. */
export const IS_CLOSED = Prisma.sql`(c.archived OR c.status IN ('FULFILLED', 'BROKEN'))`;

/** A `date` column as the UTC midnight it stands for. */
export const utcMidnight = (column: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`(${column}::timestamp AT TIME ZONE 'UTC')`;

/** Outbox rows for the reminders a CTE named `opened` inserted, due at `now`. */
export const queueNotifications = (now: Date): Prisma.Sql => Prisma.sql`queued AS (
    INSERT INTO notification (reminder_id, next_attempt_at, created_at)
    SELECT id, ${now}::timestamptz, ${now}::timestamptz FROM opened
    RETURNING id
  )`;
