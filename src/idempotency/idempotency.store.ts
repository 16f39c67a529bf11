import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import { IdempotencyState } from '../generated/prisma/enums.js';
import type { IdempotencyOwner, IdempotentRequest } from './idempotent-request.js';

export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

type Tx = Prisma.TransactionClient;

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** The answer as kept for replays: without the fields shown only once. */
function storedBody(request: IdempotentRequest, body: unknown): Prisma.InputJsonValue {
  const kept =
    body !== null && typeof body === 'object' && request.secretFields.length
      ? Object.fromEntries(
          Object.entries(body).filter(([name]) => !request.secretFields.includes(name)),
        )
      : body;
  return (kept ?? null) as Prisma.InputJsonValue;
}

/** The owner's column and id: each column has its own unique index with the key. */
function ownerColumn(owner: IdempotencyOwner): [Prisma.Sql, string] {
  return 'apiKeyId' in owner
    ? [Prisma.raw('api_key_id'), owner.apiKeyId]
    : [Prisma.raw('staff_user_id'), owner.staffUserId];
}

/** The key's row, inserted IN_PROGRESS, or taken over from an expired or dead claim. */
export function claimKeySql(request: IdempotentRequest): Prisma.Sql {
  const [column, ownerId] = ownerColumn(request.owner);
  return Prisma.sql`
      INSERT INTO idempotency_record (${column}, key, request_hash, state, expires_at)
      VALUES (${ownerId}::uuid, ${request.key}, ${request.requestHash}, 'IN_PROGRESS',
              now() + make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS}))
      ON CONFLICT (${column}, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, state = 'IN_PROGRESS',
            response_status = NULL, response_body = NULL,
            created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_record.expires_at <= now() OR idempotency_record.state = 'IN_PROGRESS'
      RETURNING 1`;
}

/**
 * Up to `size` expired records. Their key is two columns, so rows are addressed by ctid:
 * stable while the statement holds their lock; rows another transaction holds wait for the next run.
 */
export function deleteExpiredSql(now: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH deleted AS (
      DELETE FROM idempotency_record WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM idempotency_record
        WHERE expires_at <= ${now}::timestamptz
        ORDER BY expires_at LIMIT ${size}
        FOR UPDATE SKIP LOCKED))
      RETURNING 1
    )
    SELECT count(*)::int AS "idempotencyRecordsDeleted" FROM deleted`;
}

/** The idempotency_record table: one row per (owner, key), kept 24 hours. */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /** What a key answered, unless its 24 hours are over. */
  async find(owner: IdempotencyOwner, key: string): Promise<StoredAnswer | null> {
    const row = await this.prisma.idempotencyRecord.findFirst({
      where: { ...owner, key, state: IdempotencyState.COMPLETED, expiresAt: { gt: new Date() } },
      select: { requestHash: true, responseStatus: true, responseBody: true },
    });
    return (
      row && { requestHash: row.requestHash, status: row.responseStatus!, body: row.responseBody }
    );
  }

  /**
   * Takes the key inside the write's transaction, before its work. A concurrent request with
   * the same key waits on this row until that transaction ends, then finds its answer; a
   * request that died rolled its claim back with its work, so nothing is left to expire. An
   * IN_PROGRESS row that was committed is such a dead claim, and is taken over. False when the
   * key already has an answer.
   */
  async claimWithin(tx: Tx, request: IdempotentRequest): Promise<boolean> {
    const claimed = await this.sql.rows(claimKeySql(request), tx);
    return claimed.length > 0;
  }

  /** Stores the answer in the same transaction as the write it answers. */
  async completeWithin(tx: Tx, request: IdempotentRequest, body: unknown): Promise<void> {
    await tx.idempotencyRecord.updateMany({
      where: { ...request.owner, key: request.key },
      data: {
        state: IdempotencyState.COMPLETED,
        responseStatus: request.status,
        responseBody: storedBody(request, body),
      },
    });
    request.recorded = true;
  }

  /** A request whose work is not one transaction (running a job) is recorded after it. */
  async completeAfter(request: IdempotentRequest, body: unknown): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (await this.claimWithin(tx, request)) await this.completeWithin(tx, request, body);
    });
  }

  async deleteExpired(now: Date, size: number): Promise<Record<string, number>> {
    return this.sql.row<Record<string, number>>(deleteExpiredSql(now, size));
  }
}
