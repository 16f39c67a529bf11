import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.repository.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { generateToken } from '../auth/api-key-secret.js';
import { Clock } from '../clock/clock.js';
import { decodeInstantKeyset, toPage, type Page } from '../common/pagination.js';
import { ProblemException } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { endpointUrlRefusal } from '../notifications/address-guard.js';
import { addressPolicy } from '../notifications/notification-sender.js';
import {
  WebhooksRepository,
  type DeliveryRow,
  type EndpointChanges,
  type EndpointRow,
} from '../notifications/webhooks.repository.js';
import type {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
} from './dto/webhook.dto.js';
import { WebhookDeliveries } from './webhook-deliveries.js';

type Tx = Prisma.TransactionClient;

const SECRET_PREFIX = 'whsec_';

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** Never the secret. */
export function toWebhookDto(row: EndpointRow): WebhookDto {
  return {
    ...row,
    enabled: row.pausedAt === null,
    pausedAt: iso(row.pausedAt),
    failingSince: iso(row.failingSince),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.event.type,
    state: row.state,
    attemptCount: row.attemptCount,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastHttpStatus: row.lastHttpStatus,
    lastError: row.lastError,
    finishedAt: iso(row.finishedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

const notFound = (id: string) => new ProblemException(404, `No webhook endpoint with id "${id}".`);

/** Admins' management of webhook endpoints, each change audited. */
@Injectable()
export class WebhookAdminService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveries,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(): Promise<WebhookDto[]> {
    return (await this.webhooks.list()).map(toWebhookDto);
  }

  async get(id: string): Promise<WebhookDto> {
    const row = await this.webhooks.find(id);
    if (!row) throw notFound(id);
    return toWebhookDto(row);
  }

  /** The secret is in this answer only. */
  create(staff: AuditActor, body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    this.assertUrlAllowed(body.url);
    return this.writes.run(staff, async ({ tx, audit }) => {
      const secret = generateToken(SECRET_PREFIX);
      let row = await this.webhooks.create(tx, {
        url: body.url,
        eventTypes: body.eventTypes,
        secret,
      });
      if (body.enabled === false) {
        row = await this.webhooks.update(tx, row.id, { paused: this.adminPause() });
      }
      const created = toWebhookDto(row);
      await audit({
        action: 'webhook.create',
        entityType: 'webhook-endpoint',
        entityId: row.id,
        after: created,
      });
      return { ...created, secret };
    });
  }

  update(staff: AuditActor, id: string, body: UpdateWebhookDto): Promise<WebhookDto> {
    if (body.url !== undefined) this.assertUrlAllowed(body.url);
    return this.change(staff, id, 'webhook.update', async (tx, before) => {
      const changes: EndpointChanges = { url: body.url, eventTypes: body.eventTypes };
      if (body.enabled === false && !before.pausedAt) changes.paused = this.adminPause();
      if (body.enabled === true && before.pausedAt) changes.paused = null;
      return toWebhookDto(await this.webhooks.update(tx, id, changes));
    });
  }

  /** A new secret replaces the old one at once; in this answer only. */
  async rotateSecret(staff: AuditActor, id: string): Promise<{ secret: string }> {
    const secret = generateToken(SECRET_PREFIX);
    await this.change(staff, id, 'webhook.rotate-secret', async (tx) =>
      toWebhookDto(await this.webhooks.update(tx, id, { secret })),
    );
    return { secret };
  }

  async delete(staff: AuditActor, id: string): Promise<void> {
    await this.change(staff, id, 'webhook.delete', async (tx) => {
      await this.webhooks.delete(tx, id);
      return undefined;
    });
  }

  /**
   * A `webhook.test` event to this endpoint (paused or not), sent now: the delivery as it ended.
   * An Idempotency-Key replay answers it as it was queued, and sends nothing.
   */
  async sendTest(staff: AuditActor, id: string): Promise<WebhookDeliveryDto> {
    const now = this.clock.now();
    const queued = await this.writes.run(staff, async ({ tx, audit }) => {
      if (!(await this.webhooks.lock(tx, id))) throw notFound(id);
      const message = 'A test event from Commitment Tracker.';
      const deliveryId = await this.webhooks.recordTestEvent(tx, id, { message }, now);
      await audit({
        action: 'webhook.test',
        entityType: 'webhook-endpoint',
        entityId: id,
        after: { deliveryId },
      });
      return toDeliveryDto((await this.webhooks.delivery(deliveryId, tx))!);
    });
    await this.deliveries.deliverNow(queued.id, now);
    return toDeliveryDto((await this.webhooks.delivery(queued.id))!);
  }

  async deliveryPage(
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<WebhookDeliveryDto>> {
    const after = cursor ? decodeInstantKeyset(cursor) : null;
    if (!(await this.webhooks.find(id))) throw notFound(id);
    const rows = await this.webhooks.deliveries(id, limit + 1, after);
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], toDeliveryDto);
  }

  private adminPause() {
    return { at: this.clock.now(), reason: 'ADMIN' as const };
  }

  private assertUrlAllowed(url: string): void {
    const refusal = endpointUrlRefusal(url, addressPolicy(this.config));
    if (refusal) throw validationProblem([{ field: 'url', messages: [refusal] }]);
  }

  /** A change of one endpoint, locked, audited with the endpoint before and after. */
  private change<T extends WebhookDto | undefined>(
    staff: AuditActor,
    id: string,
    action: string,
    work: (tx: Tx, before: EndpointRow) => Promise<T>,
  ): Promise<T> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const before = await this.webhooks.lock(tx, id);
      if (!before) throw notFound(id);
      const after = await work(tx, before);
      await audit({
        action,
        entityType: 'webhook-endpoint',
        entityId: id,
        before: toWebhookDto(before),
        after,
      });
      return after;
    });
  }
}
