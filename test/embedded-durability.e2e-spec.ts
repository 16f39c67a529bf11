import { afterAll, describe, expect, it, jest } from '@jest/globals';
import fs, { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import { AppInstance, freePort } from '../scripts/support/instances.js';
import { openEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { createEditorKey, ReviewLoad } from './support/review-load.js';
import { serverUrl } from './support/test-database.js';

/** Three in a developer's run; CI's reliability step kills ten times (RELIABILITY.md). */
const KILLS = Number(process.env.DURABILITY_KILLS ?? 3);
/** Reviews acknowledged in each life of the server before it is killed, mid-load. */
const WRITES_PER_LIFE = 10;
const WORKERS = 3;
/** Bounds on a start of the server: the first creates the database, migrates and seeds it. */
const FIRST_START_MS = 120_000;
const RESTART_MS = 60_000;
/** What the kill test measured, for RELIABILITY.md (artifacts/ is not committed). */
const FIGURES_FILE = path.join(PROJECT_ROOT, 'artifacts', 'embedded-durability.json');

async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Records the host file of every fsync while `use` runs (Linux: through /proc/self/fd). */
async function fsyncedFiles(use: (flushed: string[]) => Promise<void>): Promise<string[]> {
  const flushed: string[] = [];
  const fsyncSync = fs.fsyncSync;
  const spy = jest.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
    flushed.push(readlinkSync(`/proc/self/fd/${fd}`));
    fsyncSync(fd);
  });
  try {
    await use(flushed);
  } finally {
    spy.mockRestore();
  }
  return flushed;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await delay(10);
  }
}

/** Starts the server and waits until it answers ready; returns how long that took (ms). */
async function timedStart(server: AppInstance): Promise<number> {
  const started = Date.now();
  await server.start(RESTART_MS);
  return Date.now() - started;
}

/**
 * KILLS lives of the (started) server: in each the load runs until WRITES_PER_LIFE more reviews
 * are acknowledged, then the server is killed mid-load and started again on its data directory.
 * Returns how long each restart took (ms).
 */
async function killUnderLoad(server: AppInstance, load: ReviewLoad): Promise<number[]> {
  const base = `http://127.0.0.1:${server.port}`;
  const restartsMs: number[] = [];
  for (let life = 1; life <= KILLS; life++) {
    const running = load.run(base);
    await until(() => load.acknowledged.length >= life * WRITES_PER_LIFE, 30_000);
    await server.kill();
    await running;
    restartsMs.push(await timedStart(server));
  }
  return restartsMs;
}

// Only the embedded database: with a PostgreSQL server configured there is nothing to show.
const describeEmbedded = serverUrl() ? describe.skip : describe;

describeEmbedded('the embedded database keeps every acknowledged write', () => {
  const dataDirs: string[] = [];
  const newDataDir = () => {
    dataDirs.push(mkdtempSync(path.join(tmpdir(), 'ct-durable-')));
    return dataDirs.at(-1)!;
  };
  afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('flushes a new data directory, and the WAL before it answers each commit', async () => {
    const dataDir = newDataDir();
    const pgdata = path.join(dataDir, 'pgdata');
    const atCreation = await fsyncedFiles(async () => {
      await (await openEmbeddedPostgres(dataDir)).close();
    });
    expect(atCreation).toEqual(
      expect.arrayContaining([path.join(pgdata, 'global', 'pg_control'), pgdata, dataDir]),
    );

    const database = await openEmbeddedPostgres(dataDir);
    const client = new pg.Client({ connectionString: database.url });
    try {
      await client.connect();
      await client.query('CREATE TABLE kept (value int)');
      const walFlushesPerCommit: number[] = [];
      await fsyncedFiles(async (flushed) => {
        for (let value = 1; value <= 5; value++) {
          const before = flushed.length;
          await client.query('INSERT INTO kept VALUES ($1)', [value]);
          const since = flushed.slice(before);
          walFlushesPerCommit.push(since.filter((file) => file.includes('/pg_wal/')).length);
        }
      });
      expect(walFlushesPerCommit.every((flushes) => flushes >= 1)).toBe(true);
    } finally {
      await client.end();
      await database.close();
    }
  }, 120_000);

  describe(`a server process killed with SIGKILL under load, ${KILLS} times`, () => {
    it('restarts on the same data directory with every write it acknowledged', async () => {
      const dataDir = newDataDir();
      const server = new AppInstance(await freePort(), {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'silent',
        JOBS_SCHEDULE_ENABLED: 'false',
        // Under concurrent writes pg warns that its one connection queues queries (deprecated).
        NODE_OPTIONS: '--no-deprecation',
      });
      const base = `http://127.0.0.1:${server.port}`;
      try {
        await server.start(FIRST_START_MS);
        const { url } = await openEmbeddedPostgres(dataDir);
        const key = await createEditorKey(url);
        const listed = await request(base).get('/api/v1/commitments').expect(200);
        const ids = (listed.body.data as { id: string }[]).slice(0, WORKERS).map(({ id }) => id);
        const load = new ReviewLoad(key, ids);

        const restartsMs = await killUnderLoad(server, load);
        const found = await query<{ n: number }>(
          (await openEmbeddedPostgres(dataDir)).url,
          'SELECT count(*)::int AS n FROM review WHERE id = ANY($1::uuid[])',
          [load.acknowledged],
        );
        mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
        writeFileSync(
          FIGURES_FILE,
          JSON.stringify({
            kills: KILLS,
            acknowledgedWrites: load.acknowledged.length,
            lostWrites: load.acknowledged.length - found[0].n,
            requestsCutOff: load.cutOff,
            restartsAfterKillMs: restartsMs,
          }),
        );
        expect(load.unexpected).toEqual([]);
        expect(load.acknowledged.length).toBeGreaterThanOrEqual(KILLS * WRITES_PER_LIFE);
        // Every worker was writing when the server died: its last request got no answer.
        expect(load.cutOff).toBe(KILLS * WORKERS);
        expect(found[0].n).toBe(load.acknowledged.length);
      } finally {
        await server.kill();
      }
    }, 600_000);
  });
});
