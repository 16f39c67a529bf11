import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import {
  createTestApp,
  createProxiedTestApp,
  type ProxiedTestApp,
  type TestApp,
} from './support/test-app.js';
import { serverUrl } from './support/test-database.js';
import { isDatabaseUnavailable } from '../src/common/database-errors.js';
import { PG_POOL } from '../src/database/prisma.service.js';
import { closeSilentConnections } from '../src/database/silent-server.js';
import { PROJECT_ROOT } from '../src/project-root.js';

/** The bound we promise: no request waits longer than this while the database is away. */
const OUTAGE_RESPONSE_BOUND_MS = 4000;
/** The measured times, for RELIABILITY.md (artifacts/ is not committed). */
const FIGURES_FILE = path.join(PROJECT_ROOT, 'artifacts', 'database-outage.json');

describe('database outage: the app answers 503 quickly and recovers without a restart', () => {
  let t: ProxiedTestApp;
  const figures: Record<string, { slowestOutageResponseMs?: number; recoveryMs: number }> = {};

  beforeAll(async () => {
    t = await createProxiedTestApp({
      env: { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '1500' },
    });
  });
  afterAll(async () => {
    mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
    const database = serverUrl() ? 'postgresql' : 'embedded';
    writeFileSync(FIGURES_FILE, JSON.stringify({ database, OUTAGE_RESPONSE_BOUND_MS, figures }));
    await t.close();
  });

  async function timed(path: string): Promise<{ response: request.Response; ms: number }> {
    const started = Date.now();
    const response = await request(t.http).get(path);
    return { response, ms: Date.now() - started };
  }

  /** Waits until the app serves again; returns how long that took (ms). */
  async function expectRecovery(): Promise<number> {
    const started = Date.now();
    const deadline = started + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(t.http).get('/api/v1/commitments')).status;
    }
    expect(status).toBe(200);
    await request(t.http).get('/health/ready').expect(200);
    return Date.now() - started;
  }

  it('a write during the outage answers 503 and leaves nothing behind; one before it stays', async () => {
    const admin = await bearer(t, 'admin');
    const createEvidence = (url: string) =>
      request(t.http)
        .post('/api/v1/evidence')
        .set('authorization', admin)
        .send({ url, title: 'Outage probe' });
    const before = await createEvidence('https://example.org/outage/before').expect(201);

    t.proxy.cut();
    const during = await createEvidence('https://example.org/outage/during');
    expectProblem(during, 503);
    expect(during.headers['retry-after']).toMatch(/^\d+$/);
    t.proxy.restore();
    await expectRecovery();

    const rows = await t.prisma.evidence.findMany({
      where: { url: { startsWith: 'https://example.org/outage/' } },
    });
    expect(rows.map((row) => row.id)).toEqual([before.body.id]);
    const audited = await t.prisma.auditEntry.findMany({
      where: { entityType: { contains: 'vidence' } },
    });
    expect(audited.map((entry) => entry.entityId)).toEqual([before.body.id]);
  });

  it.each([
    ['refused connections', () => t.proxy.cut()],
    ['a network that swallows packets', () => t.proxy.blackhole()],
  ])('%s: 503 with Retry-After within the bound, ready 503, live 200', async (name, breakIt) => {
    await request(t.http).get('/api/v1/commitments').expect(200);
    breakIt();
    const times: number[] = [];
    for (const path of ['/api/v1/commitments', '/api/v1/commitments/climate-change-cooperation']) {
      const { response, ms } = await timed(path);
      expectProblem(response, 503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(ms).toBeLessThan(OUTAGE_RESPONSE_BOUND_MS);
      times.push(ms);
    }
    const ready = await timed('/health/ready');
    expect(ready.response.status).toBe(503);
    expect(ready.ms).toBeLessThan(OUTAGE_RESPONSE_BOUND_MS);
    await request(t.http).get('/health/live').expect(200);

    t.proxy.restore();
    const recoveryMs = await expectRecovery();
    figures[name] = { slowestOutageResponseMs: Math.max(...times, ready.ms), recoveryMs };
  });

  it('a network gone silent on open connections: 503 after the client-side bound, the connection dropped', async () => {
    const admin = await bearer(t, 'admin');
    const listKeys = () => request(t.http).get('/api/v1/api-keys').set('authorization', admin);
    await listKeys().expect(200);
    const pool = t.app.get<pg.Pool>(PG_POOL);
    const connections = pool.totalCount;
    t.proxy.partition();
    const started = Date.now();
    // Without the bound nothing ever answers: the request's timeout fails the test.
    const response = await listKeys().timeout(OUTAGE_RESPONSE_BOUND_MS);
    const ms = Date.now() - started;
    expectProblem(response, 503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    // The server never saw the query, so its statement_timeout cannot be what answered.
    expect(ms).toBeGreaterThanOrEqual(t.config.DB_STATEMENT_TIMEOUT_MS + 1000 - 50);
    expect(pool.totalCount).toBeLessThan(connections);

    t.proxy.restore();
    const recoveryMs = await expectRecovery();
    figures['a network gone silent on open connections'] = {
      slowestOutageResponseMs: ms,
      recoveryMs,
    };
  });

  it('the bound leaves alone a connection that is idle or held between two queries of a transaction', async () => {
    const pool = new pg.Pool({ connectionString: t.database.url, max: 1 });
    const boundMs = 200;
    closeSilentConnections(pool, boundMs);
    const client = await pool.connect();
    try {
      await sleep(2 * boundMs);
      await client.query('BEGIN');
      await sleep(2 * boundMs);
      await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await client.query('COMMIT');
      expect(pool.totalCount).toBe(1);
    } finally {
      client.release();
      await pool.end();
    }
  });

  const onRealServer = serverUrl() ? it : it.skip;
  onRealServer('survives a connection killed between two queries of a transaction', async () => {
    const pool = t.app.get<pg.Pool>(PG_POOL);
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((resolve) => client.once('end', resolve));
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    } finally {
      await admin.end();
    }
    // The server's FATAL message reaches a connection that runs no query: without a listener of
    // its own it would be thrown as an uncaught 'error' event.
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    await request(t.http).get('/api/v1/commitments').expect(200);
  });

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
    figures['pg_terminate_backend'] = { recoveryMs: await expectRecovery() };
  });
});

describe('a busy pool: a write waits for a connection as long as a query would, then 503', () => {
  /** Prisma's own wait for a transaction's connection, which the app's setting replaces. */
  const PRISMA_DEFAULT_MAX_WAIT_MS = 2000;
  const CONNECT_TIMEOUT_MS = 2400;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { DB_POOL_SIZE: '1', DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) },
    });
    admin = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  /** Holds the pool's only connection for `ms` from when this resolves; `released` after. */
  async function holdTheConnection(ms: number): Promise<{ released: Promise<void> }> {
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const held = t.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        started();
        await sleep(ms);
      },
      { timeout: ms + 5000 },
    );
    await holding;
    return { released: held };
  }

  const createEvidence = (url: string) =>
    request(t.http)
      .post('/api/v1/evidence')
      .set('authorization', admin)
      .send({ url, title: 'Busy' });

  const transaction = () => t.prisma.$transaction((tx) => tx.$queryRaw`SELECT 1`);

  it('a transaction waits for its connection past Prisma’s own 2 s, up to the connect timeout', async () => {
    const { released } = await holdTheConnection(PRISMA_DEFAULT_MAX_WAIT_MS + 150);
    await expect(transaction()).resolves.toBeDefined();
    await released;
  });

  it('one that waited the connect timeout fails as the database being unavailable', async () => {
    const { released } = await holdTheConnection(CONNECT_TIMEOUT_MS + 1000);
    const error: unknown = await transaction().catch((failure: unknown) => failure);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await released;
  });

  it('answers 503 with Retry-After once it waited the connect timeout, and writes nothing', async () => {
    const { released } = await holdTheConnection(CONNECT_TIMEOUT_MS + 1000);
    const started = Date.now();
    const refused = await createEvidence('https://example.org/busy/refused');
    expect(Date.now() - started).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    expectProblem(refused, 503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    await released;
    const rows = await t.prisma.evidence.findMany({ where: { url: { contains: '/busy/' } } });
    expect(rows).toEqual([]);
  });
});
