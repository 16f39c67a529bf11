import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { applyMigrations } from '../../src/database/migrations/migrations.js';
import { seedBulk } from '../../src/seed/bulk-seeder.js';

/**
 * The database `bench_<size>` on the server, migrated and holding `size` bulk commitments. Kept
 * between runs: the bulk seeder only tops it up, so a rerun does not pay for seeding again.
 */
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
  await applyMigrations(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  try {
    const started = Date.now();
    await seedBulk(pool, {
      commitments: size,
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
  return url.toString();
}
