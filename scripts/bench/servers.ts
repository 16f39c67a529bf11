import { readFile } from 'node:fs/promises';
import { AppInstance, freePort } from '../support/instances.js';

export const POOL_SIZE = 10;

/** Where the app's data is: a PostgreSQL database, or the embedded database's folder. */
export type Database = { url: string } | { dataDir: string };

const databaseEnv = (database: Database): Record<string, string> =>
  'url' in database
    ? { DATABASE_URL: database.url }
    : // Empty is unset: the bench's own DATABASE_URL must not reach the app.
      { DATABASE_URL: '', DATA_DIR: database.dataDir };

/**
 * The built app as in production, logging at warn, with the rate limit lifted for the load;
 * with its public answer cache, unless `cached` is false (PUBLIC_CACHE_MB=0).
 */
export async function startApp(database: Database, cached = true): Promise<AppInstance> {
  const app = new AppInstance(await freePort(), {
    ...databaseEnv(database),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    RATE_LIMIT_MAX: '1000000000',
    // Scheduled jobs would compete with the load; stale-check is run and timed on its own.
    JOBS_SCHEDULE_ENABLED: 'false',
    DB_POOL_SIZE: String(POOL_SIZE),
    ...(cached ? {} : { PUBLIC_CACHE_MB: '0' }),
  });
  await app.start(120_000);
  return app;
}

/** The baseline server (baseline.ts) in its own process, with the app's pool size. */
export async function startBaseline(
  databaseUrl: string,
  poolSize = POOL_SIZE,
): Promise<AppInstance> {
  const baseline = new AppInstance(
    await freePort(),
    { DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(poolSize) },
    'dist/scripts/bench/baseline-main.js',
  );
  await baseline.start();
  return baseline;
}

/** The static ceiling (ceiling.ts) in its own process, copying the answers of `sourcePort`. */
export async function startCeiling(sourcePort: number): Promise<AppInstance> {
  const ceiling = new AppInstance(
    await freePort(),
    { SOURCE_URL: `http://127.0.0.1:${sourcePort}` },
    'dist/scripts/bench/ceiling-main.js',
  );
  await ceiling.start();
  return ceiling;
}

/** A process's resident memory now, in MB (Linux /proc). */
export async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
