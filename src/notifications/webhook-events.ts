import { Prisma } from '../generated/prisma/client.js';

/**
 * The event types an endpoint can subscribe to. The migration's CHECK constraints
 * (`*_webhook_endpoints`) repeat them: change both together.
 */
export const WEBHOOK_EVENT_TYPES = [
  'reminder.opened',
  'commitment.status_changed',
  'assessment.recorded',
  'evidence.linked',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What "send test event" sends: to the one endpoint asked, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export const isWebhookEventType = (value: unknown): value is WebhookEventType =>
  WEBHOOK_EVENT_TYPES.includes(value as WebhookEventType);

const ISO_INSTANT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The endpoints that receive events of a type now: subscribed and not paused (GIN on the types). */
const subscribedSql = (type: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`w.event_types @> ARRAY[${type}]::text[] AND w.paused_at IS NULL`;

/** One delivery per event of the CTE `events` (id, type) and endpoint that receives it. */
const fanOutSql = (events: string, now: Date): Prisma.Sql => Prisma.sql`
  INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at)
  SELECT e.id, w.id, ${now}::timestamptz, ${now}::timestamptz
  FROM ${Prisma.raw(events)} e JOIN webhook_endpoint w ON ${subscribedSql(Prisma.sql`e.type`)}`;

/**
 * An event and its deliveries, in the transaction of the change it announces; nothing when no
 * endpoint receives its type.
 */
export function recordEventSql(type: WebhookEventType, payload: object, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH events AS (
      INSERT INTO webhook_event (type, payload, created_at)
      SELECT ${type}, ${JSON.stringify(payload)}::jsonb, ${now}::timestamptz
      WHERE EXISTS (SELECT 1 FROM webhook_endpoint w WHERE ${subscribedSql(Prisma.sql`${type}`)})
      RETURNING id, type
    )
    ${fanOutSql('events', now)}`;
}

/** The test event and its one delivery, due at once; returns the delivery's id. */
export function recordTestEventSql(endpointId: string, payload: object, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH events AS (
      INSERT INTO webhook_event (type, payload, created_at)
      VALUES (${TEST_EVENT_TYPE}, ${JSON.stringify(payload)}::jsonb, ${now}::timestamptz)
      RETURNING id
    )
    INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at)
    SELECT id, ${endpointId}::uuid, ${now}::timestamptz, ${now}::timestamptz FROM events
    RETURNING id`;
}

/**
 * `reminder.opened` for the reminders a CTE named `opened` inserted (RETURNING id, commitment_id,
 * kind, due_at, note): CTEs to append to the statement that opens them, set-based, and a
 * one-time check that skips them when no endpoint subscribes.
 */
export const announceOpenedRemindersSql = (now: Date): Prisma.Sql => Prisma.sql`
  reminder_events AS (
    INSERT INTO webhook_event (type, payload, created_at)
    SELECT 'reminder.opened', jsonb_build_object(
        'reminder', jsonb_build_object('id', o.id, 'kind', o.kind,
          'dueAt', to_char(o.due_at AT TIME ZONE 'UTC', ${Prisma.raw(ISO_INSTANT)}), 'note', o.note),
        'commitment', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title)),
      ${now}::timestamptz
    FROM opened o JOIN commitment c ON c.id = o.commitment_id
    WHERE EXISTS (SELECT 1 FROM webhook_endpoint w WHERE ${subscribedSql(Prisma.sql`'reminder.opened'`)})
    RETURNING id, type
  ),
  reminder_deliveries AS (${fanOutSql('reminder_events', now)})`;
