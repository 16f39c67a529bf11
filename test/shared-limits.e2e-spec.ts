import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import request from 'supertest';
import { PG_POOL } from '../src/database/prisma.service.js';
import { COUNTER_TABLE, postgresCounter } from '../src/database/shared-counter.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import {
  createTestApp,
  createProxiedTestApp,
  type ProxiedTestApp,
  type TestApp,
} from './support/test-app.js';

const LIMITS = { RATE_LIMIT_MAX: '4', AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: '1' };

describe('rate limit and failed-auth lockout: one budget for every instance', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ env: LIMITS });
    second = await createTestApp({ env: LIMITS, databaseUrl: first.database.url });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const get = (t: TestApp, client: string, url: string) =>
    request(t.http).get(url).set('x-forwarded-for', client);
  const keys = (t: TestApp, client: string, authorization: string) =>
    get(t, client, '/api/v1/api-keys').set('Authorization', authorization);

  it('counts public requests to either instance against one budget', async () => {
    const client = '203.0.113.20';
    const remaining: string[] = [];
    for (const t of [first, second, first, second]) {
      const response = await get(t, client, '/api/v1/commitments').expect(200);
      remaining.push(response.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expectProblem(await get(first, client, '/api/v1/themes'), 429);
    expectProblem(await get(second, client, '/api/v1/themes'), 429);
    expect((await get(second, client, '/')).status).toBe(429);
  });

  it('locks out an address that failed on both instances, and serves its valid keys', async () => {
    const client = '203.0.113.21';
    expectProblem(await keys(first, client, 'Bearer ct_guess1'), 401);
    expectProblem(await keys(second, client, 'Bearer ct_guess2'), 401);
    expectProblem(await keys(first, client, 'Bearer ct_guess3'), 401);
    expectProblem(await keys(second, client, 'Bearer ct_guess4'), 429);
    expectProblem(await keys(first, client, 'Bearer ct_guess5'), 429);
    const admin = await bearer(first, 'admin');
    await keys(second, client, admin).expect(200);
  });

  it('keeps the counts in the database and sweeps the rows of ended windows', async () => {
    const pool = first.app.get<pg.Pool>(PG_POOL);
    const { rows } = await pool.query<{ key: string; points: number }>(
      `SELECT key, points FROM "${COUNTER_TABLE}" WHERE key LIKE '%:203.0.113.2_' ORDER BY key`,
    );
    // An instance that has seen a client reach its limit refuses it from memory until the window
    // ends, writing nothing: of the refusals above, only those that found out from the database
    // were counted (one request refused by the first instance, one failure by the second).
    expect(rows).toEqual([
      { key: 'auth-failures:203.0.113.21', points: 4 },
      { key: 'requests:203.0.113.20', points: 5 },
    ]);

    const hourAgo = Date.now() - 3_600_000;
    await pool.query(
      `INSERT INTO "${COUNTER_TABLE}" (key, points, expire) VALUES ('requests:192.0.2.1', 9, $1)`,
      [hourAgo - 1],
    );
    // What the library runs every five minutes (a method its typings leave out).
    const counter = postgresCounter(pool, { name: 'sweep', limit: 1, windowMs: 1000 });
    await (counter as unknown as { clearExpired(before: number): Promise<void> }).clearExpired(
      hourAgo,
    );
    const left = await pool.query<{ key: string }>(`SELECT key FROM "${COUNTER_TABLE}"`);
    expect(left.rows.map((row) => row.key)).not.toContain('requests:192.0.2.1');
    expect(left.rows.map((row) => row.key)).toContain('requests:203.0.113.20');
  });
});

describe('rate limit while the database is away', () => {
  let t: ProxiedTestApp;
  beforeAll(async () => {
    t = await createProxiedTestApp({
      env: { ...LIMITS, RATE_LIMIT_MAX: '2', DB_CONNECT_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(() => t.close());

  const get = (client: string) =>
    request(t.http).get('/api/v1/commitments').set('x-forwarded-for', client);

  it('counts in memory: reads answer 503 (never 500) and an abusive client still gets 429', async () => {
    const before = await get('203.0.113.31').expect(200);
    expect(before.headers['ratelimit-remaining']).toBe('1');
    t.proxy.cut();
    expectProblem(await get('203.0.113.30'), 503);
    expectProblem(await get('203.0.113.30'), 503);
    const refused = await get('203.0.113.30');
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    t.proxy.restore();

    // Back in the database, over new connections: the count made before the outage is there.
    let ready = 0;
    for (let attempt = 0; attempt < 20 && ready !== 200; attempt++) {
      ready = (await request(t.http).get('/health/ready')).status;
    }
    const after = await get('203.0.113.31').expect(200);
    expect(after.headers['ratelimit-remaining']).toBe('0');
  });
});
