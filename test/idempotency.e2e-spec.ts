import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { idempotencyRequestHash } from '../src/idempotency/request-hash.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, traces } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { serverUrl } from './support/test-database.js';

describe('Idempotency-Key on staff POSTs', () => {
  let t: TestApp;
  let editor: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Idem');
    admin = await bearer(t, 'admin', 'Admin Idem');
  });
  afterAll(() => t.close());

  /** A review of the commitment at the version it was read at, with the key. */
  const postReview = (commitment: { id: string; etag: string }, key: string, note: string) =>
    request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/reviews`)
      .set('Authorization', editor)
      .set('If-Match', commitment.etag)
      .set('Idempotency-Key', key)
      .send({ note });

  const postEvidence = (key: string, body: object, auth = editor) =>
    request(t.http)
      .post('/api/v1/evidence')
      .set('Authorization', auth)
      .set('Idempotency-Key', key)
      .send(body);

  it('replays the first response (same status and body) without doing the work again', async () => {
    const body = { url: 'https://example.org/idem-1', title: 'Once' };
    const first = await postEvidence('key-1', body).expect(201);
    const retry = await postEvidence('key-1', { title: 'Once', url: 'https://example.org/idem-1' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await t.prisma.evidence.count({ where: { url: body.url } })).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { entityId: first.body.id } })).toBe(1);
  });

  it('replays a status update without a second timeline entry or version bump', async () => {
    const commitment = await createCommitment(t, editor);
    const send = () =>
      request(t.http)
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set('Authorization', editor)
        .set('If-Match', commitment.etag)
        .set('Idempotency-Key', 'update-1')
        .send({ status: 'IN_PROGRESS', note: 'Started.' });
    const first = await send().expect(201);
    const retry = await send().expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await t.prisma.statusUpdate.count({ where: { commitmentId: commitment.id } })).toBe(1);
    const row = await t.prisma.commitment.findUniqueOrThrow({ where: { id: commitment.id } });
    expect(row.version).toBe(2);
  });

  it('answers 422 for the same key with another body, and changes nothing', async () => {
    await postEvidence('key-2', { url: 'https://example.org/idem-2', title: 'A' }).expect(201);
    const other = await postEvidence('key-2', { url: 'https://example.org/idem-3', title: 'B' });
    expectProblem(other, 422);
    expect(await t.prisma.evidence.count({ where: { url: 'https://example.org/idem-3' } })).toBe(0);
  });

  it('releases a claim whose request died: the retry does the work once', async () => {
    const body = { url: 'https://example.org/idem-dead-claim', title: 'Died' };
    const apiKey = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Editor Idem' } });
    // A claim committed without an answer: left by a request that died before it finished.
    await t.prisma.idempotencyRecord.create({
      data: {
        apiKeyId: apiKey.id,
        key: 'dead-claim',
        requestHash: idempotencyRequestHash('POST', '/api/v1/evidence', body),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const first = await postEvidence('dead-claim', body).expect(201);
    const retry = await postEvidence('dead-claim', body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await t.prisma.evidence.count({ where: { url: body.url } })).toBe(1);
  });

  it("stores the answer in the write's transaction: failing to store it leaves no write", async () => {
    const commitment = await createCommitment(t, editor);
    const send = () => postReview(commitment, 'answer-fails', 'Checked once.');
    // The database refuses to store the answer, as a connection lost just before it would.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'connection lost' USING ERRCODE = '08006'; END $$`);
    await t.prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_record
        FOR EACH ROW WHEN (NEW.state = 'COMPLETED') EXECUTE FUNCTION refuse_answer()`);
    try {
      expectProblem(await send(), 503);
      expect(await traces(t, commitment.id)).toMatchObject({ reviews: 0, version: 1 });
    } finally {
      await t.prisma.$executeRawUnsafe('DROP TRIGGER refuse_answer ON idempotency_record');
      await t.prisma.$executeRawUnsafe('DROP FUNCTION refuse_answer()');
    }
    const done = await send().expect(201);
    const replay = await send().expect(201);
    expect(replay.body).toEqual(done.body);
    expect(await traces(t, commitment.id)).toMatchObject({ reviews: 1, version: 2 });
  });

  // Needs two sessions: the embedded database serves one, so there nothing runs side by side.
  const onRealServer = serverUrl() ? it : it.skip;
  onRealServer(
    'makes a retry sent while the first still runs wait for it, then replay',
    async () => {
      const commitment = await createCommitment(t, editor);
      const send = () => postReview(commitment, 'concurrent', 'Checked while busy.');
      const holder = new pg.Client({ connectionString: t.database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM commitment WHERE id = $1 FOR UPDATE', [commitment.id]);
        const first = send().then((response) => response);
        const retry = send().then((response) => response);
        // Both wait: the first on the locked commitment, the retry on the first's claim.
        for (let waiting = 0; waiting < 2;) {
          // A transaction sees one snapshot of the statistics views: clear it for each look.
          await holder.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          waiting = rows[0].n;
        }
        await holder.query('COMMIT');
        const [a, b] = await Promise.all([first, retry]);
        expect([a.status, b.status]).toEqual([201, 201]);
        expect(b.body).toEqual(a.body);
        expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']]).toContain(
          'true',
        );
      } finally {
        await holder.end();
      }
      expect(await traces(t, commitment.id)).toMatchObject({ reviews: 1, version: 2 });
    },
  );

  it('replays the ETag the first answer sent', async () => {
    const commitment = await createCommitment(t, editor);
    const send = () => postReview(commitment, 'etag-replay', 'Looked.');
    const first = await send().expect(201);
    const retry = await send().expect(201);
    expect(first.headers.etag).toBe('"v2"');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
  });

  it('treats a key whose 24 hours are over as new', async () => {
    const first = await postEvidence('expiring', {
      url: 'https://example.org/idem-old',
      title: 'Old',
    }).expect(201);
    const record = await t.prisma.idempotencyRecord.findFirstOrThrow({
      where: { key: 'expiring' },
    });
    expect(record.expiresAt.getTime() - record.createdAt.getTime()).toBe(24 * 3_600_000);
    await t.prisma.idempotencyRecord.update({
      where: { id: record.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const fresh = await postEvidence('expiring', {
      url: 'https://example.org/idem-new',
      title: 'New',
    }).expect(201);
    expect(fresh.body.id).not.toBe(first.body.id);
  });

  it('keeps keys apart per API key', async () => {
    const body = { url: 'https://example.org/idem-per-key', title: 'Mine' };
    await postEvidence('shared', body).expect(201);
    const otherEditor = await bearer(t, 'editor', 'Editor Other');
    const response = await postEvidence('shared', body, otherEditor);
    expectProblem(response, 409);
    expect(response.body.existingId).toEqual(expect.any(String));
  });

  it('does not store a failed response: a retry after fixing the cause does the work', async () => {
    const commitment = await createCommitment(t, editor);
    const send = (etag: string) =>
      request(t.http)
        .post(`/api/v1/commitments/${commitment.id}/reviews`)
        .set('Authorization', editor)
        .set('If-Match', etag)
        .set('Idempotency-Key', 'after-412')
        .send({ note: 'Looked again.' });
    expectProblem(await send('"v9"'), 412);
    await send(commitment.etag).expect(201);
  });

  it('never stores a new API key: a replay answers without it', async () => {
    const send = () =>
      request(t.http)
        .post('/api/v1/api-keys')
        .set('Authorization', admin)
        .set('Idempotency-Key', 'new-key')
        .send({ name: 'Idempotent key', role: 'editor' });
    const first = await send().expect(201);
    expect(first.body.key).toMatch(/^ct_/);
    const retry = await send().expect(201);
    expect(retry.body).toEqual({ id: first.body.id, name: 'Idempotent key', role: 'editor' });
    expect(await t.prisma.apiKey.count({ where: { name: 'Idempotent key' } })).toBe(1);
    const stored = await t.prisma.idempotencyRecord.findFirstOrThrow({ where: { key: 'new-key' } });
    expect(JSON.stringify(stored.responseBody)).not.toContain(first.body.key);
  });

  it('refuses an over-long key with 400', async () => {
    const response = await postEvidence('k'.repeat(256), {
      url: 'https://example.org/idem-long',
      title: 'L',
    });
    expectProblem(response, 400);
  });
});
