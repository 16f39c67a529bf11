import { runningEmbeddedServer } from '../../src/database/embedded-postgres.js';
import type { AppInstance } from '../support/instances.js';
import type { LoadFigures } from './figures.js';
import { measure, medianOneAtATime } from './load.js';
import { measurePaced } from './paced-load.js';
import { startApp, startBaseline, startCeiling, type Database } from './servers.js';

export interface BenchSettings {
  connections: number;
  durationSeconds: number;
}

/** One request the bench loads. */
interface ReadCase {
  name: string;
  path: string;
  /** The baseline serves it (the JSON API and the feed; not the website's pages). */
  baseline: boolean;
  /** Revalidation: send the ETag of a first answer in If-None-Match, expect 304. */
  revalidate?: boolean;
}

export const FILTERED_LIST = '/api/v1/commitments?status=IN_PROGRESS,STALLED&q=climate';

function publicReads(size: number) {
  const middle = Math.ceil(size / 2);
  return {
    list: { name: 'list (default page)', path: '/api/v1/commitments', baseline: true },
    search: { name: 'list filtered + searched', path: FILTERED_LIST, baseline: true },
    detail: {
      name: 'detail',
      path: `/api/v1/commitments/bulk-commitment-${middle}`,
      baseline: true,
    },
    stats: { name: '/stats', path: '/api/v1/stats', baseline: true },
    feed: { name: 'feed (Atom)', path: '/api/v1/feed.atom', baseline: true },
    event: { name: 'event page (website)', path: '/events/bulk-event-1', baseline: false },
    page: {
      name: 'commitment page (website)',
      path: `/commitments/bulk-commitment-${middle}`,
      baseline: false,
    },
    revalidation: {
      name: '304 revalidation (list)',
      path: '/api/v1/commitments',
      baseline: true,
      revalidate: true,
    },
  } satisfies Record<string, ReadCase>;
}

/** Served from the answer cache: the same request again and again, the data unchanged. */
const repeatCases = (size: number): ReadCase[] => {
  const reads = publicReads(size);
  return [reads.list, reads.detail, reads.stats, reads.feed, reads.event, reads.page];
};

/** Every public read with the cache off: what a request the cache has not seen costs. */
const uncachedCases = (size: number): ReadCase[] => Object.values(publicReads(size));

/** Timed one at a time at each size (the growth with the data), on the uncached app. */
const growthCases = (size: number): ReadCase[] => {
  const reads = publicReads(size);
  return [reads.list, reads.detail, reads.stats, reads.search, reads.event];
};

export interface CaseFigures {
  name: string;
  app: LoadFigures;
  baseline?: LoadFigures;
  ceiling?: LoadFigures;
  /** The app at a fixed rate of half its measured peak. */
  appAtHalfPeak: LoadFigures;
  /** The baseline at that same rate: the same statements with no framework. */
  baselineAtAppHalfPeak?: LoadFigures;
  /** The ceiling at that same rate: the tail of this machine and the load generator alone. */
  ceilingAtAppHalfPeak?: LoadFigures;
}

export interface SizeFigures {
  size: number;
  /** On the embedded database (PGlite) rather than a PostgreSQL server. */
  embedded: boolean;
  loadAverage: [number, number];
  /** Repeat reads with the answer cache on. */
  repeat: CaseFigures[];
  /** The cache off: every request reaches the database. */
  uncached: CaseFigures[];
  /** Median time of one request at a time (ms), the app uncached: the scaling comparison. */
  serialP50: Record<string, number>;
}

const base = (server: AppInstance) => `http://127.0.0.1:${server.port}`;

async function requestOptions(appBase: string, read: ReadCase) {
  if (!read.revalidate) return { expectedStatus: 200 };
  const etag = (await fetch(appBase + read.path)).headers.get('etag') ?? '';
  return { expectedStatus: 304, headers: { 'if-none-match': etag } };
}

/** The servers one case is compared on; baseline and ceiling only where they take part. */
interface Contenders {
  app: AppInstance;
  baseline?: AppInstance;
  ceiling?: AppInstance;
}

/**
 * Peak throughput of the app, the baseline and the ceiling in turns (each after a 1 s
 * warm-up, which also fills the app's cache and the ceiling's copy), then the app at half its
 * peak, paced, and the baseline and the ceiling at the same rate.
 */
async function measureCase(
  read: ReadCase,
  servers: Contenders,
  settings: BenchSettings,
): Promise<CaseFigures> {
  const request = await requestOptions(base(servers.app), read);
  const run = (server: AppInstance, durationSeconds: number) =>
    measure({
      ...request,
      url: base(server) + read.path,
      connections: settings.connections,
      durationSeconds,
    });
  const others = [servers.baseline, servers.ceiling].filter((server) => server !== undefined);
  for (const server of [servers.app, ...others]) await run(server, 1);
  const app = await run(servers.app, settings.durationSeconds);
  const baseline = servers.baseline && (await run(servers.baseline, settings.durationSeconds));
  const ceiling = servers.ceiling && (await run(servers.ceiling, settings.durationSeconds));
  const halfPeak = Math.max(1, Math.round(app.requestsPerSecond / 2));
  const paced = (server: AppInstance) =>
    measurePaced(
      { ...request, url: base(server) + read.path, rate: halfPeak },
      settings.durationSeconds,
    );
  const appAtHalfPeak = await paced(servers.app);
  const baselineAtAppHalfPeak = servers.baseline && (await paced(servers.baseline));
  const ceilingAtAppHalfPeak = servers.ceiling && (await paced(servers.ceiling));
  const ratio = (other?: LoadFigures) =>
    other ? (app.requestsPerSecond / other.requestsPerSecond).toFixed(2) : '—';
  process.stderr.write(
    `  ${read.name}: app ${app.requestsPerSecond.toFixed(0)} req/s, app/baseline ${ratio(baseline)}, app/ceiling ${ratio(ceiling)}, p99 at ${halfPeak} req/s ${appAtHalfPeak.p99.toFixed(1)} ms\n`,
  );
  return {
    name: read.name,
    app,
    baseline,
    ceiling,
    appAtHalfPeak,
    baselineAtAppHalfPeak,
    ceilingAtAppHalfPeak,
  };
}

async function measureCases(
  reads: ReadCase[],
  servers: Contenders,
  settings: BenchSettings,
): Promise<CaseFigures[]> {
  const figures: CaseFigures[] = [];
  for (const read of reads) {
    const contenders = { ...servers, baseline: read.baseline ? servers.baseline : undefined };
    figures.push(await measureCase(read, contenders, settings));
  }
  return figures;
}

async function serialTimes(app: AppInstance, size: number, settings: BenchSettings) {
  const serialP50: Record<string, number> = {};
  for (const read of growthCases(size)) {
    serialP50[read.name] = await medianOneAtATime(
      base(app) + read.path,
      Math.min(5, settings.durationSeconds),
    );
  }
  return serialP50;
}

/** Runs `task` with the servers started, stopping them whatever happens. */
async function withServers<T>(servers: AppInstance[], task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * The public reads on one bulk database on the PostgreSQL server: the app with its cache
 * against the baseline and the static ceiling, then the app without it against the baseline.
 */
export async function benchSize(
  databaseUrl: string,
  size: number,
  settings: BenchSettings,
  loadAverage: () => number,
): Promise<SizeFigures> {
  const loadBefore = loadAverage();
  const cached = await startApp({ url: databaseUrl });
  const uncached = await startApp({ url: databaseUrl }, false);
  const baseline = await startBaseline(databaseUrl);
  const ceiling = await startCeiling(cached.port);
  return withServers([cached, uncached, baseline, ceiling], async () => {
    process.stderr.write(' repeat reads, cache on\n');
    const repeat = await measureCases(
      repeatCases(size),
      { app: cached, baseline, ceiling },
      settings,
    );
    process.stderr.write(' cache off\n');
    const misses = await measureCases(uncachedCases(size), { app: uncached, baseline }, settings);
    const serialP50 = await serialTimes(uncached, size, settings);
    return {
      size,
      embedded: false,
      loadAverage: [loadBefore, loadAverage()],
      repeat,
      uncached: misses,
      serialP50,
    };
  });
}

/** The uncached app's peak on the default list page: what sets stale-check's load. */
export async function uncachedListPeak(
  databaseUrl: string,
  settings: BenchSettings,
): Promise<number> {
  const app = await startApp({ url: databaseUrl }, false);
  return withServers([app], async () => {
    const url = base(app) + publicReads(0).list.path;
    const run = (durationSeconds: number) =>
      measure({ url, expectedStatus: 200, connections: settings.connections, durationSeconds });
    await run(1);
    return (await run(settings.durationSeconds)).requestsPerSecond;
  });
}

/**
 * The same public reads on the embedded database: the app alone (PGlite lives in its process,
 * so no other server can share it), with its cache, then without.
 */
export async function benchEmbedded(
  dataDir: string,
  size: number,
  settings: BenchSettings,
  loadAverage: () => number,
): Promise<SizeFigures> {
  const loadBefore = loadAverage();
  const database: Database = { dataDir };
  const cached = await startApp(database);
  const ceiling = await startCeiling(cached.port);
  const cachedBaseline = await startEmbeddedBaseline(dataDir);
  process.stderr.write(' embedded, repeat reads, cache on\n');
  const repeat = await withServers([cached, ceiling, cachedBaseline], () =>
    measureCases(repeatCases(size), { app: cached, baseline: cachedBaseline, ceiling }, settings),
  );
  const uncached = await startApp(database, false);
  const baseline = await startEmbeddedBaseline(dataDir);
  process.stderr.write(' embedded, cache off\n');
  return withServers([uncached, baseline], async () => ({
    size,
    embedded: true,
    loadAverage: [loadBefore, loadAverage()],
    repeat,
    uncached: await measureCases(uncachedCases(size), { app: uncached, baseline }, settings),
    serialP50: await serialTimes(uncached, size, settings),
  }));
}

/**
 * The baseline through the socket of the embedded database the app runs in its process (the
 * only process that can open the files), on one connection as the app has: PGlite is one
 * session.
 */
async function startEmbeddedBaseline(dataDir: string): Promise<AppInstance> {
  const url = await runningEmbeddedServer(dataDir);
  if (!url) throw new Error(`no app serves the embedded database in ${dataDir}`);
  return startBaseline(url, 1);
}
