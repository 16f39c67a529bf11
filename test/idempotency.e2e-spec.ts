import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { idempotencyRequestHash } from '../src/idempotency/request-hash.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

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

  it('answers 409 while the first request with the key is still running', async () => {
    const body = { url: 'https://example.org/idem-running', title: 'Slow' };
    const apiKey = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Editor Idem' } });
    await t.prisma.idempotencyRecord.create({
      data: {
        apiKeyId: apiKey.id,
        key: 'running',
        requestHash: idempotencyRequestHash('POST', '/api/v1/evidence', body),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expectProblem(await postEvidence('running', body), 409);
    expect(await t.prisma.evidence.count({ where: { url: body.url } })).toBe(0);
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
      where: { apiKeyId_key: { apiKeyId: record.apiKeyId, key: 'expiring' } },
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
