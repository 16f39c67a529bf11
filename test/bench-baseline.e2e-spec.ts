import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createBaselineServer } from '../scripts/bench/baseline.js';
import { ApiKeyRole } from '../src/generated/prisma/enums.js';
import { bearer } from './support/staff.js';
import { createCommitment, traces } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SLUG = 'climate-change-cooperation';

/** The benchmark compares like with like only while the baseline answers exactly as the app. */
describe('benchmark baseline server', () => {
  let t: TestApp;
  let baseline: Server;
  let baselineUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseline = createBaselineServer(t.database.url, 2);
    await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
    baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    baseline.closeAllConnections();
    await new Promise((resolve) => baseline.close(resolve));
    await t.close();
  });

  it.each([
    '/api/v1/commitments',
    '/api/v1/commitments?limit=3',
    '/api/v1/commitments?status=IN_PROGRESS,NOT_STARTED&q=climate',
    '/api/v1/commitments?theme=climate-environment',
    `/api/v1/commitments/${SLUG}`,
    '/api/v1/stats',
    '/api/v1/feed.atom',
  ])('answers %s with the same status, body and ETag as the app', async (path) => {
    const [app, raw] = await Promise.all([
      request(t.http).get(path),
      request(baselineUrl).get(path),
    ]);
    expect(app.status).toBe(200);
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(app.body);
    expect(raw.text).toBe(app.text);
    expect(raw.headers['content-type']).toBe(app.headers['content-type']);
    expect(raw.headers.etag).toBe(app.headers.etag);
  });

  it('lists something for each filter used by the benchmark', async () => {
    const filtered = await request(baselineUrl).get('/api/v1/commitments?q=climate').expect(200);
    expect(filtered.body.data.length).toBeGreaterThan(0);
  });

  it('answers a current ETag with 304 and an unknown commitment with 404, as the app', async () => {
    const first = await request(baselineUrl).get('/api/v1/commitments').expect(200);
    await request(baselineUrl)
      .get('/api/v1/commitments')
      .set('if-none-match', first.headers.etag)
      .expect(304);
    await request(t.http)
      .get('/api/v1/commitments')
      .set('if-none-match', first.headers.etag)
      .expect(304);
    await request(baselineUrl).get('/api/v1/commitments/no-such-commitment').expect(404);
    await request(t.http).get('/api/v1/commitments/no-such-commitment').expect(404);
  });

  describe('staff status update', () => {
    /** What differs between two commitments' updates (ids, times, slugs), blanked. */
    const own = {
      id: '',
      commitmentId: '',
      slug: '',
      recordedAt: '',
      createdAt: '',
      updatedAt: '',
    };

    /** What a commitment's status update left behind. */
    async function leftBehind(commitmentId: string, key: string) {
      const update = await t.prisma.statusUpdate.findFirstOrThrow({ where: { commitmentId } });
      const commitment = await t.prisma.commitment.findUniqueOrThrow({
        where: { id: commitmentId },
        select: { status: true, version: true, staleSince: true, lastReviewedAt: true },
      });
      const audit = await t.prisma.auditEntry.findFirstOrThrow({
        where: { entityId: commitmentId },
        orderBy: { id: 'desc' },
        select: { actor: true, apiKeyId: true, action: true, before: true, after: true },
      });
      const record = await t.prisma.idempotencyRecord.findFirstOrThrow({
        where: { key },
        select: { state: true, responseStatus: true, responseBody: true },
      });
      return {
        update: { ...update, ...own },
        commitment: { ...commitment, lastReviewedAt: commitment.lastReviewedAt !== null },
        audit: {
          ...audit,
          before: { ...(audit.before as object), ...own },
          after: { ...(audit.after as object), ...own, lastReviewedAt: '' },
        },
        record: { ...record, responseBody: { ...(record.responseBody as object), ...own } },
      };
    }

    it('leaves the same rows through the raw pg baseline as through the app', async () => {
      const auth = await bearer(t, ApiKeyRole.editor, 'bench writer');
      const [viaApp, viaBaseline] = [
        await createCommitment(t, auth),
        await createCommitment(t, auth),
      ];
      const post = (server: Server | string, { slug, etag }: typeof viaApp, key: string) =>
        request(server)
          .post(`/api/v1/commitments/${slug}/updates`)
          .set('authorization', auth)
          .set('if-match', etag)
          .set('idempotency-key', key)
          .send({ status: 'IN_PROGRESS', note: 'Working group met.' });
      const app = await post(t.http, viaApp, 'app-key').expect(201);
      const raw = await post(baselineUrl, viaBaseline, 'baseline-key').expect(201);
      expect(raw.headers.etag).toBe(app.headers.etag);
      expect({ ...raw.body, ...own }).toEqual({ ...app.body, ...own });
      const left = await leftBehind(viaBaseline.id, 'baseline-key');
      expect(left).toEqual(await leftBehind(viaApp.id, 'app-key'));
      expect(left.commitment).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
      expect(left.record).toMatchObject({ state: 'COMPLETED', responseStatus: 201 });

      // A stale If-Match is refused by both, and leaves nothing.
      const before = await traces(t, viaBaseline.id);
      await post(baselineUrl, viaBaseline, 'baseline-stale').expect(412);
      await post(t.http, viaApp, 'app-stale').expect(412);
      expect(await traces(t, viaBaseline.id)).toEqual(before);
      expect(await t.prisma.idempotencyRecord.count({ where: { key: 'baseline-stale' } })).toBe(0);
    });
  });
});
