import pg from 'pg';
import { seedBulk } from '../seed/bulk-seeder.js';
import { runCli } from './run-cli.js';

await runCli(
  {
    name: 'seed:bulk',
    summary:
      'Adds N generated commitments (events, parties, themes, about ten updates, three evidence links and up to three assessments of each party each), for benchmarks. Progress goes to standard error.',
    options: {
      commitments: {
        value: 'N',
        description: 'how many commitments to add',
        rule: { test: (value) => /^[1-9]\d*$/.test(value), is: 'a positive whole number' },
        default: '10000',
      },
    },
  },
  async ({ options, config, databaseUrl }) => {
    const commitments = Number(options.commitments);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const started = Date.now();
    try {
      await seedBulk(pool, {
        commitments,
        reviewIntervalDays: config.REVIEW_INTERVAL_DAYS,
        onProgress: (done) => process.stderr.write(`\r${done} / ${commitments} commitments`),
      });
    } finally {
      await pool.end();
    }
    process.stderr.write('\n');
    process.stdout.write(
      `Added ${commitments} commitments in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
  },
);
