import { readFile } from 'node:fs/promises';
import { AppInstance, freePort } from '../support/instances.js';

export const POOL_SIZE = 10;

/** The built app as in production, logging at warn, with the rate limit lifted for the load. */
export async function startApp(databaseUrl: string): Promise<AppInstance> {
  const app = new AppInstance(await freePort(), {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    RATE_LIMIT_MAX: '1000000000',
    // Scheduled jobs would compete with the load; stale-check is run and timed on its own.
    JOBS_SCHEDULE_ENABLED: 'false',
    DB_POOL_SIZE: String(POOL_SIZE),
  });
  await app.start();
  return app;
}

/** The baseline server (baseline.ts) in its own process, with the same pool size. */
export async function startBaseline(databaseUrl: string): Promise<AppInstance> {
  const baseline = new AppInstance(
    await freePort(),
    { DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(POOL_SIZE) },
    'dist/scripts/bench/baseline-main.js',
  );
  await baseline.start();
  return baseline;
}

/** A process's resident memory now, in MB (Linux /proc). */
export async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
