import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { serverUrl } from './support/test-database.js';

/** The bound we promise: no request waits longer than this while the database is away. */
const OUTAGE_RESPONSE_BOUND_MS = 4000;

describe('database outage: the app answers 503 quickly and recovers without a restart', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    t = await createTestApp({
      env: { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '1500' },
      connectVia: async (url) => {
        const started = await TcpProxy.start(url);
        proxy = started.proxy;
        return started.url;
      },
    });
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.stop();
  });

  async function timed(path: string): Promise<{ response: request.Response; ms: number }> {
    const started = Date.now();
    const response = await request(t.http).get(path);
    return { response, ms: Date.now() - started };
  }

  async function expectRecovery(): Promise<void> {
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(t.http).get('/api/v1/commitments')).status;
    }
    expect(status).toBe(200);
    await request(t.http).get('/health/ready').expect(200);
  }

  it.each([
    ['refused connections', () => proxy.cut()],
    ['a network that swallows packets', () => proxy.blackhole()],
  ])('%s: 503 with Retry-After within the bound, ready 503, live 200', async (_name, breakIt) => {
    await request(t.http).get('/api/v1/commitments').expect(200);
    breakIt();
    for (const path of ['/api/v1/commitments', '/api/v1/commitments/climate-change-cooperation']) {
      const { response, ms } = await timed(path);
      expectProblem(response, 503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(ms).toBeLessThan(OUTAGE_RESPONSE_BOUND_MS);
    }
    const ready = await timed('/health/ready');
    expect(ready.response.status).toBe(503);
    expect(ready.ms).toBeLessThan(OUTAGE_RESPONSE_BOUND_MS);
    await request(t.http).get('/health/live').expect(200);

    proxy.restore();
    await expectRecovery();
  });

  const onRealServer = serverUrl() ? it : it.skip;
  onRealServer('survives its connections being killed with pg_terminate_backend', async () => {
    await request(t.http).get('/api/v1/commitments').expect(200);
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const afterKill = await request(t.http).get('/api/v1/commitments');
    expect([200, 503]).toContain(afterKill.status);
    await expectRecovery();
  });
});
