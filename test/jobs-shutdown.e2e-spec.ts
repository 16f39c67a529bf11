import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CommitmentWriter } from '../src/commitments/commitment-writer.js';
import { openEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { JobRunner, ShuttingDownError } from '../src/jobs/job-runner.js';
import { BuiltServer, logLines } from './support/built-process.js';
import { setNow } from './support/jobs.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const LISTENING = /"msg":"Commitment Tracker is listening on /;
const WARN = 40;
const STOPPED = 'stopped: the server shut down; the next run continues';
/** The runs' grace at shutdown: shorter than the default 5 s, which the tests would wait out. */
const GRACE_MS = 1000;

interface JobRunRow {
  name: string;
  outcome: string;
  error: string | null;
  finished_at: Date | null;
}

async function jobRuns(url: string): Promise<JobRunRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<JobRunRow>(
      'SELECT name, outcome, error, finished_at FROM job_run ORDER BY started_at',
    );
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * The built server started on a new install, so its catch-up starts at once with stale-check,
 * made slow (the nine seeded pledges one per batch, pausing 100 times a batch's time after each):
 * SIGTERM as soon as it listens lands in that run.
 */
async function terminateDuringCatchUp(env: Record<string, string>) {
  const server = new BuiltServer({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    STALE_CHECK_BATCH_SIZE: '1',
    JOB_YIELD_RATIO: '100',
    JOB_SHUTDOWN_GRACE_MS: String(GRACE_MS),
  });
  await server.startUntil(LISTENING);
  const terminatedAt = new Date();
  return { terminatedAt, output: await server.stop() };
}

/**
 * What a clean shutdown during the catch-up leaves: exit status 0, nothing on standard error, no
 * log line above info but the run's stop, and the run in progress finished, after the SIGTERM
 * (it ran to its end within the grace, or stopped before its next batch). No run started after.
 */
function expectCleanShutdown(
  { terminatedAt, output }: Awaited<ReturnType<typeof terminateDuringCatchUp>>,
  runs: JobRunRow[],
) {
  expect(runs.map((run) => [run.name, run.outcome])).toEqual([
    ['stale-check', expect.stringMatching(/^(SUCCEEDED|FAILED)$/)],
  ]);
  expect(runs[0].error).toBe(runs[0].outcome === 'FAILED' ? STOPPED : null);
  expect(runs[0].finished_at!.getTime()).toBeGreaterThan(terminatedAt.getTime());
  const loud = logLines(output.stdout).filter((line) => (line.level as number) >= WARN);
  expect(loud.map((line) => line.msg)).toEqual(
    runs[0].outcome === 'FAILED' ? [`job stale-check ${STOPPED}`] : [],
  );
  expect(output).toMatchObject({ code: 0, stderr: '' });
  expect(output.signal).toBeUndefined();
}

describe('a SIGTERM during the catch-up at start', () => {
  it('on the embedded database: closes it only once the run in progress has recorded its end', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ct-shutdown-'));
    try {
      const terminated = await terminateDuringCatchUp({ DATA_DIR: dataDir });
      const database = await openEmbeddedPostgres(dataDir);
      try {
        expectCleanShutdown(terminated, await jobRuns(database.url));
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 200_000);

  describe('on PostgreSQL at DATABASE_URL', () => {
    let database: TestDatabase;
    beforeAll(async () => (database = await createTestDatabase()));
    afterAll(() => database.drop());

    it('ends the pool only once the run in progress has recorded its end', async () => {
      const terminated = await terminateDuringCatchUp({ DATABASE_URL: database.url });
      expectCleanShutdown(terminated, await jobRuns(database.url));
    }, 120_000);
  });
});

describe('a shutdown while a long run is in progress', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        STALE_CHECK_BATCH_SIZE: '1',
        JOB_YIELD_RATIO: '0',
        JOB_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      },
    });
  });
  // The test closes the app itself.
  afterAll(() => t.database.drop());

  it('refuses new runs, stops the run before its next batch after the grace, records its end', async () => {
    setNow(t, '2028-02-29T10:30:00.000Z');
    // Nine pledges due, one per batch of 400 ms: longer than the shutdown's grace.
    const batchMs = 400;
    const writer = t.app.get(CommitmentWriter);
    const flagDueReviews = writer.flagDueReviews.bind(writer);
    const batches = jest.spyOn(writer, 'flagDueReviews').mockImplementation(async (...args) => {
      await sleep(batchMs);
      return flagDueReviews(...args);
    });
    const runner = t.app.get(JobRunner);
    const running = runner.run('stale-check', 'API');
    while (batches.mock.calls.length === 0) await sleep(10);

    const shutdownBegan = jest.spyOn(runner, 'onModuleDestroy');
    const started = performance.now();
    const closing = t.app.close();
    while (shutdownBegan.mock.calls.length === 0) await sleep(1);
    await expect(runner.run('cleanup', 'API')).rejects.toThrow(ShuttingDownError);
    const run = await running;
    await closing;

    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS);
    expect(tookMs).toBeLessThan(GRACE_MS + 2 * batchMs + 1000);
    expect(run).toMatchObject({ name: 'stale-check', outcome: 'FAILED', error: STOPPED });
    const { flagged } = run.counts as { flagged: number };
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(9);
    const runs = await jobRuns(t.database.url);
    expect(runs.map(({ name, outcome }) => [name, outcome])).toEqual([['stale-check', 'FAILED']]);
  }, 30_000);
});
