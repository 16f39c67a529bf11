import pg from 'pg';
import { hashSecret } from '../../src/auth/api-key-secret.js';
import { toIsoDate } from '../../src/common/dates.js';
import { toCommitmentDto } from '../../src/commitments/commitment.mapper.js';
import { idOrSlugCondition } from '../../src/commitments/commitment-filters.js';
import {
  commitmentRowSql,
  REVIEW_REMINDERS,
} from '../../src/commitments/commitment-writes.repository.js';
import { fromRaw, type RawCommitmentRow } from '../../src/commitments/commitments.repository.js';
import { queryRows } from '../../src/database/raw-query.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import type { CommitmentStatus } from '../../src/generated/prisma/enums.js';
import { claimKeySql } from '../../src/idempotency/idempotency.store.js';
import { idempotencyRequestHash } from '../../src/idempotency/request-hash.js';
import { recordEventSql } from '../../src/notifications/webhook-events.js';

const STATUS_UPDATE_ACTION = 'commitment.status-update';
const CREATED = 201;

/** A staff status update as the API receives it (the bench's bodies: status and note). */
export interface RawStatusUpdate {
  /** The bearer key. */
  key: string;
  idOrSlug: string;
  expectedVersion: number;
  idempotencyKey: string;
  body: { status: CommitmentStatus; note: string };
}

/** What the baseline answers: the status and body the app answers for the same request. */
export interface RawAnswer {
  status: number;
  body?: unknown;
  version?: number;
}

const first = async <Row>(client: pg.PoolClient, sql: Prisma.Sql) =>
  (await queryRows<Row>(client, sql))[0];

/**
 * The staff status update's database work without the framework, on one pg.Pool: the key's
 * lookup, a replay check, then one transaction that claims the Idempotency-Key, locks the
 * commitment and checks its version, closes its review reminder, claims the next version,
 * inserts the status update, announces a status change to webhook endpoints, writes the audit
 * entry and stores the answer for the key. Statements the app builds itself (the key's claim,
 * the commitment's row, the webhook event) are imported; those Prisma builds are written out.
 * Refusals answer only their status (401, 404, 412, 409 for a key answered before).
 */
export async function rawStatusUpdate(pool: pg.Pool, request: RawStatusUpdate): Promise<RawAnswer> {
  const client = await pool.connect();
  try {
    const staff = await first<{ id: string; name: string }>(
      client,
      Prisma.sql`SELECT k.id, COALESCE(u.display_name, k.name) AS name FROM api_key k
        LEFT JOIN staff_user u ON u.id = k.staff_user_id
        WHERE k.key_hash = ${hashSecret(request.key)} AND k.revoked_at IS NULL
          AND u.disabled_at IS NULL`,
    );
    if (!staff) return { status: 401 };
    const url = `/api/v1/commitments/${request.idOrSlug}/updates`;
    const idempotent = {
      owner: { apiKeyId: staff.id },
      key: request.idempotencyKey,
      requestHash: idempotencyRequestHash('POST', url, request.body),
      status: CREATED,
      secretFields: [],
      recorded: false,
    };
    const answered = await first(
      client,
      Prisma.sql`SELECT response_status, response_body FROM idempotency_record
        WHERE api_key_id = ${staff.id}::uuid AND key = ${request.idempotencyKey}
          AND state = 'COMPLETED' AND expires_at > now()`,
    );
    if (answered) return { status: 409 };
    await client.query('BEGIN');
    try {
      const answer = await statusUpdateTransaction(client, request, staff, idempotent);
      await client.query(answer.status === CREATED ? 'COMMIT' : 'ROLLBACK');
      return answer;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

async function statusUpdateTransaction(
  client: pg.PoolClient,
  request: RawStatusUpdate,
  staff: { id: string; name: string },
  idempotent: Parameters<typeof claimKeySql>[0],
): Promise<RawAnswer> {
  if (!(await first(client, claimKeySql(idempotent)))) return { status: 409 };
  const condition = idOrSlugCondition(request.idOrSlug);
  const raw =
    condition &&
    (await first<RawCommitmentRow>(
      client,
      commitmentRowSql(condition, { live: true, locked: true }),
    ));
  if (!raw) return { status: 404 };
  const before = fromRaw(raw);
  if (before.version !== request.expectedVersion) return { status: 412 };
  const now = new Date();
  const { status, note } = request.body;
  await client.query(
    `UPDATE reminder SET state = 'CANCELLED', closed_at = $2, updated_at = $2
     WHERE commitment_id = $1 AND state = 'OPEN' AND kind = ANY($3::"ReminderKind"[])`,
    [before.id, now, REVIEW_REMINDERS],
  );
  const claimed = await client.query(
    `UPDATE commitment SET status = $3, last_reviewed_at = $4, stale_since = NULL,
       version = version + 1, updated_at = $4
     WHERE id = $1 AND version = $2 AND archived = false`,
    [before.id, request.expectedVersion, status, now],
  );
  if (claimed.rowCount !== 1) return { status: 412 };
  const effectiveOn = toIsoDate(now);
  const update = {
    commitmentId: before.id,
    fromStatus: before.status,
    toStatus: status,
    progress: before.progress,
    note,
    actor: staff.name,
  };
  const { id } = await first<{ id: string }>(
    client,
    Prisma.sql`INSERT INTO status_update (commitment_id, from_status, to_status, progress, note,
        effective_on, recorded_at, actor, api_key_id)
      VALUES (${before.id}::uuid, ${before.status}::"CommitmentStatus",
        ${status}::"CommitmentStatus", ${before.progress}, ${note}, ${effectiveOn}::date,
        ${now}::timestamptz, ${staff.name}, ${staff.id}::uuid)
      RETURNING id`,
  );
  const after = toCommitmentDto(
    fromRaw(
      await first<RawCommitmentRow>(
        client,
        commitmentRowSql(Prisma.sql`c.id = ${before.id}::uuid`, { live: false }),
      ),
    ),
  );
  if (after.status !== before.status) {
    const commitment = {
      id: after.id,
      slug: after.slug,
      title: after.title,
      version: after.version,
    };
    await queryRows(
      client,
      recordEventSql(
        'commitment.status_changed',
        { commitment, fromStatus: before.status, toStatus: after.status },
        now,
      ),
    );
  }
  await client.query(
    `INSERT INTO audit_entry (actor, api_key_id, action, entity_type, entity_id, before, after)
     VALUES ($1, $2, $3, 'commitment', $4, $5, $6)`,
    [
      staff.name,
      staff.id,
      STATUS_UPDATE_ACTION,
      before.id,
      JSON.stringify(toCommitmentDto(before)),
      JSON.stringify(after),
    ],
  );
  const body = {
    id,
    ...update,
    effectiveOn,
    recordedAt: now.toISOString(),
    evidenceIds: [],
    commitmentVersion: after.version,
  };
  await client.query(
    `UPDATE idempotency_record SET state = 'COMPLETED', response_status = $3, response_body = $4
     WHERE api_key_id = $1 AND key = $2`,
    [staff.id, request.idempotencyKey, CREATED, JSON.stringify(body)],
  );
  return { status: CREATED, body, version: after.version };
}
