import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedBulk } from '../seed/bulk-seeder.js';
import { runCli } from './run-cli.js';

/** `npm run seed:bulk -- --commitments N`: a large realistic data set, for benchmarks. */
const { values } = parseArgs({ options: { commitments: { type: 'string', default: '10000' } } });
const commitments = Number(values.commitments);
if (!Number.isInteger(commitments) || commitments < 1) {
  process.stderr.write('usage: npm run seed:bulk -- --commitments N (a positive whole number)\n');
  process.exit(2);
}

await runCli(async ({ config, databaseUrl }) => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const started = Date.now();
  try {
    await seedBulk(pool, {
      commitments,
      reviewIntervalDays: config.REVIEW_INTERVAL_DAYS,
      onProgress: (done) => process.stdout.write(`\r${done} / ${commitments} commitments`),
    });
  } finally {
    await pool.end();
  }
  process.stdout.write(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
});
