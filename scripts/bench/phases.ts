import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { Clock } from '../../src/clock/clock.js';
import { withPrisma } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ApiKeyRole } from '../../src/generated/prisma/enums.js';
import type { LoadFigures } from './figures.js';
import { measure, medianOneAtATime } from './load.js';
import { measurePaced, startWarmPacedLoad, type PacedLoad } from './paced-load.js';
import { residentMb, startApp, startBaseline } from './servers.js';
import { StaleCheckState } from './stale-check-state.js';

export interface BenchSettings {
  connections: number;
  durationSeconds: number;
}

interface Endpoint {
  name: string;
  path: string;
  /** Revalidation: send the ETag of a first answer in If-None-Match, expect 304. */
  revalidate?: boolean;
}

export const FILTERED_LIST = '/api/v1/commitments?status=IN_PROGRESS,STALLED&q=climate';

function endpoints(size: number): Endpoint[] {
  return [
    { name: 'list (default page)', path: '/api/v1/commitments' },
    { name: 'list filtered + searched', path: FILTERED_LIST },
    { name: 'detail', path: `/api/v1/commitments/bulk-commitment-${Math.ceil(size / 2)}` },
    { name: '/stats', path: '/api/v1/stats' },
    { name: '304 revalidation (list)', path: '/api/v1/commitments', revalidate: true },
  ];
}

export interface EndpointFigures {
  name: string;
  app: LoadFigures;
  baseline: LoadFigures;
  /** The app at a fixed rate of half its measured peak. */
  appAtHalfPeak: LoadFigures;
  /** The baseline at that same rate: what this machine gives the fastest server. */
  baselineAtAppHalfPeak: LoadFigures;
}

export interface SizeFigures {
  size: number;
  loadAverage: [number, number];
  endpoints: EndpointFigures[];
  /** Median time of one request at a time (ms), app only: the scaling comparison. */
  serialP50: Record<string, number>;
}

const base = (port: number) => `http://127.0.0.1:${port}`;

async function requestOptions(appBase: string, endpoint: Endpoint) {
  if (!endpoint.revalidate) return { expectedStatus: 200 };
  const etag = (await fetch(appBase + endpoint.path)).headers.get('etag') ?? '';
  return { expectedStatus: 304, headers: { 'if-none-match': etag } };
}

/** Peak throughput of app and baseline in turns, then the app at half its peak. */
async function measureEndpoint(
  appBase: string,
  baselineBase: string,
  endpoint: Endpoint,
  settings: BenchSettings,
): Promise<EndpointFigures> {
  const request = await requestOptions(appBase, endpoint);
  const run = (server: string, durationSeconds: number) =>
    measure({
      ...request,
      url: server + endpoint.path,
      connections: settings.connections,
      durationSeconds,
    });
  await run(appBase, 1);
  await run(baselineBase, 1);
  const app = await run(appBase, settings.durationSeconds);
  const baseline = await run(baselineBase, settings.durationSeconds);
  const halfPeak = Math.max(1, Math.round(app.requestsPerSecond / 2));
  const paced = (server: string) =>
    measurePaced(
      { ...request, url: server + endpoint.path, rate: halfPeak },
      settings.durationSeconds,
    );
  const appAtHalfPeak = await paced(appBase);
  const baselineAtAppHalfPeak = await paced(baselineBase);
  process.stderr.write(
    `  ${endpoint.name}: app ${app.requestsPerSecond.toFixed(0)} req/s, baseline ${baseline.requestsPerSecond.toFixed(0)} req/s, p99 at ${halfPeak} req/s: app ${appAtHalfPeak.p99.toFixed(1)} ms, baseline ${baselineAtAppHalfPeak.p99.toFixed(1)} ms\n`,
  );
  return { name: endpoint.name, app, baseline, appAtHalfPeak, baselineAtAppHalfPeak };
}

export async function benchSize(
  databaseUrl: string,
  size: number,
  settings: BenchSettings,
  loadAverage: () => number,
): Promise<SizeFigures> {
  const loadBefore = loadAverage();
  const app = await startApp(databaseUrl);
  const baseline = await startBaseline(databaseUrl);
  try {
    const figures: EndpointFigures[] = [];
    for (const endpoint of endpoints(size)) {
      figures.push(await measureEndpoint(base(app.port), base(baseline.port), endpoint, settings));
    }
    const serialP50: Record<string, number> = {};
    for (const endpoint of endpoints(size).filter((e) =>
      ['/stats', 'list (default page)'].includes(e.name),
    )) {
      serialP50[endpoint.name] = await medianOneAtATime(
        base(app.port) + endpoint.path,
        Math.min(5, settings.durationSeconds),
      );
    }
    return { size, loadAverage: [loadBefore, loadAverage()], endpoints: figures, serialP50 };
  } finally {
    await app.stop();
    await baseline.stop();
  }
}

export interface ExportFigures {
  size: number;
  bytes: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

/** Downloads the whole CSV export from a fresh app while sampling the app's resident memory. */
export async function benchCsvExport(databaseUrl: string, size: number): Promise<ExportFigures> {
  const app = await startApp(databaseUrl);
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
    return { size, bytes, seconds: (Date.now() - started) / 1000, rssBeforeMb, peakRssMb };
  } finally {
    await app.stop();
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
  const app = await startApp(databaseUrl);
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
