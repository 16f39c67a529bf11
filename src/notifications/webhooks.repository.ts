import { Injectable } from '@nestjs/common';
import type { InstantKeyset } from '../common/pagination.js';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { DeliveryResult } from './notification-sender.js';
import type { AttemptOutcome } from './notifications.repository.js';
import { recordEventSql, recordTestEventSql, type WebhookEventType } from './webhook-events.js';

type Tx = Prisma.TransactionClient;

/** An endpoint as admins see it: everything but its secret. */
export const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  eventTypes: true,
  pausedAt: true,
  pauseReason: true,
  failingSince: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookEndpointSelect;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_FIELDS }>;

export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{
  include: { event: { select: { type: true } } };
}>;

export interface ClaimedDelivery {
  id: string;
  attemptCount: number;
  endpointId: string;
  url: string;
  secret: string;
  eventId: string;
  type: string;
  /** The event's payload as JSON text. */
  payload: string;
  createdAt: Date;
}

/** Which deliveries to claim: up to `size` due ones of endpoints not paused, or the one `id`. */
export type DeliveryClaim = { now: Date; size: number } | { id: string };

/**
 * Deliveries claimed (FOR UPDATE SKIP LOCKED) by pushing their next attempt to `leaseUntil`, so
 * no other instance takes them while they are sent, with their event and endpoint.
 */
export function claimDeliveriesSql(claim: DeliveryClaim, leaseUntil: Date): Prisma.Sql {
  const due =
    'id' in claim
      ? Prisma.sql`SELECT d.id FROM webhook_delivery d
        WHERE d.id = ${claim.id}::uuid AND d.state = 'PENDING' FOR UPDATE SKIP LOCKED`
      : Prisma.sql`SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
        WHERE d.state = 'PENDING' AND d.next_attempt_at <= ${claim.now}::timestamptz
          AND w.paused_at IS NULL
        ORDER BY d.next_attempt_at, d.id LIMIT ${claim.size}
        FOR UPDATE OF d SKIP LOCKED`;
  return Prisma.sql`
    WITH claimed AS (
      UPDATE webhook_delivery d
      SET next_attempt_at = ${leaseUntil}::timestamptz, attempt_count = d.attempt_count + 1
      FROM (${due}) due
      WHERE d.id = due.id
      RETURNING d.id, d.event_id, d.endpoint_id, d.attempt_count
    )
    SELECT claimed.id, claimed.attempt_count AS "attemptCount", w.id AS "endpointId", w.url,
      w.secret, e.id AS "eventId", e.type, e.payload::text AS payload, e.created_at AS "createdAt"
    FROM claimed
    JOIN webhook_event e ON e.id = claimed.event_id
    JOIN webhook_endpoint w ON w.id = claimed.endpoint_id
    ORDER BY claimed.id`;
}

/** An endpoint as admins see it, locked FOR UPDATE. */
export const lockEndpointSql = (id: string): Prisma.Sql => Prisma.sql`
  SELECT id, url, event_types AS "eventTypes", paused_at AS "pausedAt",
    pause_reason AS "pauseReason", failing_since AS "failingSince", created_at AS "createdAt",
    updated_at AS "updatedAt"
  FROM webhook_endpoint WHERE id = ${id}::uuid FOR UPDATE`;

/**
 * A failed delivery: the endpoint has been failing since its first failure after a success; if
 * that was at or before `pauseCutoff`, it is paused now. Says whether this attempt paused it.
 */
export function markFailingSql(endpointId: string, at: Date, pauseCutoff: Date): Prisma.Sql {
  const pauses = Prisma.sql`old.paused_at IS NULL AND old.failing_since <= ${pauseCutoff}::timestamptz`;
  return Prisma.sql`
    WITH old AS (
      SELECT id, paused_at, failing_since FROM webhook_endpoint
      WHERE id = ${endpointId}::uuid FOR UPDATE
    )
    UPDATE webhook_endpoint w
    SET failing_since = COALESCE(old.failing_since, ${at}::timestamptz),
      paused_at = CASE WHEN ${pauses} THEN ${at}::timestamptz ELSE old.paused_at END,
      pause_reason = CASE WHEN ${pauses} THEN 'FAILING'::"WebhookPauseReason" ELSE w.pause_reason END
    FROM old WHERE w.id = old.id
    RETURNING (old.paused_at IS NULL AND w.paused_at IS NOT NULL) AS "pausedNow"`;
}

/**
 * Up to `size` events older than `cutoff` with no delivery still pending, with their deliveries.
 */
export function deleteOldEventsSql(cutoff: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (
      SELECT e.id FROM webhook_event e
      WHERE e.created_at < ${cutoff}::timestamptz AND NOT EXISTS (
        SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.state = 'PENDING')
      ORDER BY e.created_at LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    ),
    deliveries AS (
      DELETE FROM webhook_delivery WHERE event_id = ANY (ARRAY(SELECT id FROM old)) RETURNING 1
    ),
    deleted AS (
      DELETE FROM webhook_event WHERE id = ANY (ARRAY(SELECT id FROM old)) RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM deleted) AS "webhookEventsDeleted",
      (SELECT count(*)::int FROM deliveries) AS "webhookDeliveriesDeleted"`;
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: string[];
  secret?: string;
  /** null resumes (and forgets failures); a reason pauses. */
  paused?: { at: Date; reason: 'ADMIN' } | null;
}

/** Admins' webhook endpoints, the events announced to them and their deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /** In the transaction of the change it announces. */
  async recordEvent(tx: Tx, type: WebhookEventType, payload: object, now: Date): Promise<void> {
    await this.sql.rows(recordEventSql(type, payload, now), tx);
  }

  async recordTestEvent(tx: Tx, endpointId: string, payload: object, now: Date): Promise<string> {
    return (await this.sql.row<{ id: string }>(recordTestEventSql(endpointId, payload, now), tx))
      .id;
  }

  list(): Promise<EndpointRow[]> {
    return this.prisma.webhookEndpoint.findMany({
      select: ENDPOINT_FIELDS,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  find(id: string, tx: Tx = this.prisma): Promise<EndpointRow | null> {
    return tx.webhookEndpoint.findUnique({ where: { id }, select: ENDPOINT_FIELDS });
  }

  /** Locked for the rest of the admin's transaction. */
  async lock(tx: Tx, id: string): Promise<EndpointRow | null> {
    return (await this.sql.row<EndpointRow | undefined>(lockEndpointSql(id), tx)) ?? null;
  }

  create(tx: Tx, data: { url: string; eventTypes: string[]; secret: string }) {
    return tx.webhookEndpoint.create({ data, select: ENDPOINT_FIELDS });
  }

  update(tx: Tx, id: string, changes: EndpointChanges): Promise<EndpointRow> {
    const { paused, ...columns } = changes;
    return tx.webhookEndpoint.update({
      where: { id },
      data: {
        ...columns,
        ...(paused !== undefined && {
          pausedAt: paused?.at ?? null,
          pauseReason: paused?.reason ?? null,
          failingSince: paused === null ? null : undefined,
        }),
      },
      select: ENDPOINT_FIELDS,
    });
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.webhookEndpoint.delete({ where: { id } });
  }

  /** An endpoint's deliveries, newest first, after the keyset (createdAt, id). */
  deliveries(
    endpointId: string,
    take: number,
    after: InstantKeyset | null,
  ): Promise<DeliveryRow[]> {
    const at = after && new Date(after.at);
    return this.prisma.webhookDelivery.findMany({
      where: {
        endpointId,
        ...(at && { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after.id } }] }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      include: { event: { select: { type: true } } },
    });
  }

  delivery(id: string, tx: Tx = this.prisma): Promise<DeliveryRow | null> {
    return tx.webhookDelivery.findUnique({
      where: { id },
      include: { event: { select: { type: true } } },
    });
  }

  claim(claim: DeliveryClaim, leaseUntil: Date): Promise<ClaimedDelivery[]> {
    return this.sql.rows<ClaimedDelivery>(claimDeliveriesSql(claim, leaseUntil));
  }

  /**
   * The attempt's outcome, and the endpoint's health: a success clears its failing; a failure
   * may pause it (returns true when this one did).
   */
  async recordAttempt(
    tx: Tx,
    delivery: Pick<ClaimedDelivery, 'id' | 'endpointId'>,
    result: DeliveryResult,
    outcome: AttemptOutcome & { pauseCutoff: Date },
  ): Promise<boolean> {
    const { state, at } = outcome;
    // updateMany: an admin may have deleted the endpoint, and its deliveries, during the send.
    await tx.webhookDelivery.updateMany({
      where: { id: delivery.id },
      data: {
        state,
        lastAttemptAt: at,
        lastHttpStatus: result.httpStatus,
        lastError: result.error,
        finishedAt: state === 'PENDING' ? undefined : at,
        nextAttemptAt: outcome.retryAt,
      },
    });
    if (result.succeeded) {
      await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, failingSince: { not: null } },
        data: { failingSince: null },
      });
      return false;
    }
    const marked = await this.sql.rows<{ pausedNow: boolean }>(
      markFailingSql(delivery.endpointId, at, outcome.pauseCutoff),
      tx,
    );
    return marked[0]?.pausedNow ?? false;
  }

  deleteOldEvents(cutoff: Date, size: number): Promise<Record<string, number>> {
    return this.sql.row<Record<string, number>>(deleteOldEventsSql(cutoff, size));
  }
}
