import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { Clock } from '../../src/clock/clock.js';
import { withPrisma } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ApiKeyRole } from '../../src/generated/prisma/enums.js';
import { commitmentPageSql } from '../../src/commitments/commitments.repository.js';
import { orderOf } from '../../src/commitments/commitments.service.js';
import type { LoadFigures } from './figures.js';
import { startWarmPacedLoad, type PacedLoad } from './paced-load.js';
import type { BenchSettings } from './reads.js';
import { residentMb, startApp } from './servers.js';
import { StaleCheckState } from './stale-check-state.js';

const base = (port: number) => `http://127.0.0.1:${port}`;

export interface ExportFigures {
  size: number;
  bytes: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
  /** PostgreSQL's own COPY of the export's statement to CSV, through psql. */
  copy: { bytes: number; seconds: number };
}

/**
 * The export's statement, all rows in one, with its parameters written in as literals: COPY
 * takes no parameters.
 */
function exportStatement(size: number): string {
  const statement = commitmentPageSql({ filter: {}, order: orderOf({}), take: size });
  return statement.text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = statement.values[Number(index) - 1];
    return pg.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
  });
}

/** `COPY (the export's statement) TO STDOUT WITH CSV` through psql: the database's own limit. */
async function copyToCsv(databaseUrl: string, size: number) {
  const started = Date.now();
  const psql = spawn('psql', [
    databaseUrl,
    '-X',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `COPY (${exportStatement(size)}) TO STDOUT WITH CSV`,
  ]);
  let bytes = 0;
  psql.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const [code] = (await once(psql, 'close')) as [number];
  if (code !== 0) throw new Error(`psql COPY exited with ${code}`);
  return { bytes, seconds: (Date.now() - started) / 1000 };
}

/**
 * Downloads the whole CSV export from a fresh app while sampling the app's resident memory,
 * then times PostgreSQL's COPY of the same statement.
 */
export async function benchCsvExport(databaseUrl: string, size: number): Promise<ExportFigures> {
  const app = await startApp({ url: databaseUrl });
  const pid = app.pid ?? 0;
  try {
    const rssBeforeMb = await residentMb(pid);
    let peakRssMb = rssBeforeMb;
    const sampler = setInterval(() => {
      void residentMb(pid).then((mb) => (peakRssMb = Math.max(peakRssMb, mb)));
    }, 20);
    const started = Date.now();
    let bytes = 0;
    const response = await fetch(`${base(app.port)}/api/v1/commitments.csv`);
    for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    await app.stop();
    const copy = await copyToCsv(databaseUrl, size);
    return { size, bytes, seconds, rssBeforeMb, peakRssMb, copy };
  } finally {
    if (app.alive) await app.stop();
  }
}

export interface StaleCheckRun {
  seconds: number;
  /** SUCCEEDED, FAILED, or the HTTP status of a refused run. */
  outcome: string;
  /** The run's counts as the job reports them (flagged, remindersOpened, ...). */
  counts: Record<string, number>;
  /** The public list under load while the job ran. */
  duringJob: LoadFigures;
}

export interface StaleCheckFigures {
  size: number;
  rate: number;
  /** The same load with no job running. */
  quiet: LoadFigures;
  /** From the state the hourly job left a day ago (what the target is about). */
  daily: StaleCheckRun;
  /** From no flags at all: every commitment overdue for review falls stale in this run. */
  catchUp?: StaleCheckRun;
}

/**
 * Runs stale-check in the server, as its scheduler does (the admin API's run endpoint calls the
 * same JobRunner), and returns the finished run. node:http rather than fetch: a catch-up run can
 * outlast fetch's five-minute wait for the response headers.
 */
function runStaleCheck(port: number, adminKey: string) {
  return new Promise<Pick<StaleCheckRun, 'outcome' | 'counts'>>((resolve, reject) => {
    const request = http.request(
      `${base(port)}/api/v1/jobs/stale-check/run`,
      { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          const run = JSON.parse(body) as { outcome?: string; counts?: Record<string, number> };
          const outcome = run.outcome ?? `HTTP ${response.statusCode}`;
          if (outcome !== 'SUCCEEDED') process.stderr.write(`  stale-check: ${body}\n`);
          resolve({ outcome, counts: run.counts ?? {} });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A stale-check run, with the figures of the window of `load` it spans. */
async function timedRun(port: number, adminKey: string, load: PacedLoad) {
  void load.nextWindow();
  const started = Date.now();
  const { outcome, counts } = await runStaleCheck(port, adminKey);
  const seconds = (Date.now() - started) / 1000;
  const run: StaleCheckRun = { seconds, outcome, counts, duringJob: await load.nextWindow() };
  process.stderr.write(`  ${seconds.toFixed(1)} s, ${JSON.stringify(counts)}\n`);
  return run;
}

/**
 * stale-check over the whole bulk database, timed from two defined states (see
 * StaleCheckState; the catch-up run only when `catchUp`), while the public list is loaded at a fixed moderate rate; the same load
 * without the job gives the p99 to compare with. Leaves the database in the daily state.
 */
export async function benchStaleCheck(
  databaseUrl: string,
  size: number,
  rate: number,
  settings: BenchSettings,
  catchUp: boolean,
): Promise<StaleCheckFigures> {
  const state = new StaleCheckState(databaseUrl, loadConfig().REVIEW_INTERVAL_DAYS);
  process.stderr.write(`stale-check over ${size} commitments: daily run\n`);
  await state.daily();
  const { key } = await withPrisma(databaseUrl, (prisma) =>
    new ApiKeysService(new ApiKeysRepository(prisma), new Clock()).create(
      'bench',
      ApiKeyRole.admin,
    ),
  );
  const app = await startApp({ url: databaseUrl });
  // One load throughout, so that the windows with and without the job differ only by the job.
  const load = await startWarmPacedLoad({
    url: `${base(app.port)}/api/v1/commitments`,
    expectedStatus: 200,
    rate,
  });
  try {
    await sleep(settings.durationSeconds * 1000);
    const quiet = await load.nextWindow();
    const daily = await timedRun(app.port, key, load);
    if (!catchUp) return { size, rate, quiet, daily };
    process.stderr.write('stale-check: catch-up run (all flags cleared before)\n');
    await state.allCleared();
    return { size, rate, quiet, daily, catchUp: await timedRun(app.port, key, load) };
  } finally {
    await load.stop();
    await app.stop();
    await state.daily();
  }
}
