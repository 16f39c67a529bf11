import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { openEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { applyMigrations } from '../../src/database/migrations/migrations.js';
import { seedBulk } from '../../src/seed/bulk-seeder.js';

/** Batches seeded at once: each keeps a core of the server busy. */
const SEED_WORKERS = 4;

/**
 * Migrates the database and tops it up to `size` bulk commitments: the bulk seeder only adds
 * what is missing, so a rerun does not pay for seeding again.
 */
async function fill(url: string, name: string, size: number): Promise<void> {
  await applyMigrations(url);
  const workers = Math.min(SEED_WORKERS, os.availableParallelism());
  const pool = new pg.Pool({ connectionString: url, max: workers });
  try {
    const started = Date.now();
    await seedBulk(pool, {
      commitments: size,
      workers,
      reviewIntervalDays: loadConfig().REVIEW_INTERVAL_DAYS,
      onProgress: (done) => process.stderr.write(`\r  seeding ${name}: ${done} / ${size}`),
    });
    // Fresh statistics, and the seed's dirty pages written now rather than during the load.
    await pool.query('VACUUM ANALYZE');
    await pool.query('CHECKPOINT');
    process.stderr.write(`\r  ${name} ready (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } finally {
    await pool.end();
  }
}

/** The database `bench_<size>` on the server, migrated and holding `size` bulk commitments. */
export async function prepareBenchDatabase(serverUrl: string, size: number): Promise<string> {
  const name = `bench_${size}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await fill(url.toString(), name, size);
  return url.toString();
}

/**
 * An embedded database's folder (in the system's temporary folder, kept between runs) holding
 * `size` bulk commitments: what the app opens with DATA_DIR and no DATABASE_URL.
 */
export async function prepareEmbeddedBench(size: number): Promise<string> {
  const dataDir = path.join(os.tmpdir(), `commitment-tracker-bench-${size}`);
  const embedded = await openEmbeddedPostgres(dataDir);
  try {
    await fill(embedded.url, `embedded ${size}`, size);
  } finally {
    await embedded.close();
  }
  return dataDir;
}
