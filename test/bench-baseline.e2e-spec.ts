import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createBaselineServer } from '../scripts/bench/baseline.js';
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
});
