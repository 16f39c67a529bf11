import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { IdempotencyState } from '../generated/prisma/enums.js';

export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in-progress' }
  | { kind: 'other-request' };

/** The idempotency_record table: one row per (API key, Idempotency-Key). */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Claims the key for this request, atomically: a new key (or one whose 24 hours are over) is
   * inserted IN_PROGRESS and ours; otherwise the stored record says replay, wait or mismatch.
   */
  async claim(apiKeyId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.prisma.$queryRaw<unknown[]>`
      INSERT INTO idempotency_record (api_key_id, key, request_hash, state, expires_at)
      VALUES (${apiKeyId}::uuid, ${key}, ${requestHash}, 'IN_PROGRESS',
              now() + make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS}))
      ON CONFLICT (api_key_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, state = 'IN_PROGRESS',
            response_status = NULL, response_body = NULL,
            created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_record.expires_at <= now()
      RETURNING 1`;
    if (inserted.length) return { kind: 'claimed' };
    const record = await this.prisma.idempotencyRecord.findUnique({
      where: { apiKeyId_key: { apiKeyId, key } },
    });
    // Gone meanwhile: the first attempt failed and released the key; the client may retry.
    if (!record) return { kind: 'in-progress' };
    if (record.requestHash !== requestHash) return { kind: 'other-request' };
    if (record.state === IdempotencyState.IN_PROGRESS) return { kind: 'in-progress' };
    return { kind: 'replay', status: record.responseStatus!, body: record.responseBody };
  }

  async complete(apiKeyId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.prisma.idempotencyRecord.update({
      where: { apiKeyId_key: { apiKeyId, key } },
      data: {
        state: IdempotencyState.COMPLETED,
        responseStatus: status,
        responseBody: (body ?? null) as Prisma.InputJsonValue,
      },
    });
  }

  /** A failed request stores nothing, so a retry with the key does the work afresh. */
  async release(apiKeyId: string, key: string): Promise<void> {
    await this.prisma.idempotencyRecord.deleteMany({ where: { apiKeyId, key } });
  }
}
