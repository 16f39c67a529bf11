import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { displayPrefix, generateApiKey, hashApiKey } from '../../src/auth/api-key-secret.js';
import { applyMigrations } from '../../src/database/migrations/migrations.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { AppInstance, freePort, startRoundRobin } from './instances.js';

/**
 * Restarts under load: two app processes behind a round-robin balancer, a mixed load of reads
 * and writes, and each instance in turn sent SIGTERM and started again. Passes when no request
 * failed at the client, every instance exited within 10 s, and every acknowledged write is in
 * the database. Prints the figures as JSON (RELIABILITY.md quotes them).
 */
const LOAD_SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 20);
const WORKERS = 12;
const EXIT_BOUND_MS = 10_000;
const READ_PATHS = [
  '/api/v1/commitments',
  '/api/v1/commitments/climate-change-cooperation',
  '/api/v1/events',
];

async function createAdminKey(databaseUrl: string): Promise<string> {
  const key = generateApiKey();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    "INSERT INTO api_key (name, role, key_hash, key_prefix) VALUES ('reliability', 'admin', $1, $2)",
    [hashApiKey(key), displayPrefix(key)],
  );
  await client.end();
  return key;
}

interface LoadResult {
  requests: number;
  failed: { status: number | string; path: string }[];
  acknowledgedWrites: string[];
}

async function runLoad(base: string, key: string, until: number): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, failed: [], acknowledgedWrites: [] };
  const worker = async () => {
    while (Date.now() < until) {
      const write = result.requests % 5 === 0;
      const path = write ? '/api/v1/evidence' : READ_PATHS[result.requests % READ_PATHS.length];
      const url = `https://example.org/reliability/${randomUUID()}`;
      result.requests++;
      try {
        const response = await fetch(base + path, {
          method: write ? 'POST' : 'GET',
          headers: write
            ? {
                authorization: `Bearer ${key}`,
                'content-type': 'application/json',
                'idempotency-key': url,
              }
            : {},
          body: write ? JSON.stringify({ url, title: 'Reliability probe' }) : undefined,
        });
        await response.arrayBuffer();
        if (!response.ok) result.failed.push({ status: response.status, path });
        else if (write) result.acknowledgedWrites.push(url);
      } catch (error) {
        result.failed.push({ status: (error as Error).message, path });
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return result;
}

async function missingWrites(databaseUrl: string, urls: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM evidence WHERE url = ANY($1)',
    [urls],
  );
  await client.end();
  return urls.length - rows[0].n;
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  await applyMigrations(database.url);
  const key = await createAdminKey(database.url);
  const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn', SEED_ON_START: 'true' };
  const instances = [
    new AppInstance(await freePort(), env),
    new AppInstance(await freePort(), env),
  ];
  await Promise.all(instances.map((instance) => instance.start()));
  const balancer = await startRoundRobin(instances.map((instance) => instance.port));

  const until = Date.now() + LOAD_SECONDS * 1000;
  const load = runLoad(`http://127.0.0.1:${balancer.port}`, key, until);
  const exitTimesMs: number[] = [];
  for (let round = 0; Date.now() < until - 3000; round++) {
    await delay(2000);
    const instance = instances[round % instances.length];
    exitTimesMs.push(await instance.stop());
    await instance.start();
  }
  const result = await load;
  const missing = await missingWrites(database.url, result.acknowledgedWrites);

  await balancer.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();

  const figures = {
    loadSeconds: LOAD_SECONDS,
    requests: result.requests,
    failedRequests: result.failed.length,
    failures: result.failed.slice(0, 10),
    restarts: exitTimesMs.length,
    slowestExitMs: Math.max(...exitTimesMs),
    acknowledgedWrites: result.acknowledgedWrites.length,
    missingAcknowledgedWrites: missing,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const passed =
    figures.failedRequests === 0 && missing === 0 && figures.slowestExitMs <= EXIT_BOUND_MS;
  process.exitCode = passed ? 0 : 1;
}

await main();
