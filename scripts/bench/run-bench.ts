import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { prepareBenchDatabase } from './bench-database.js';
import {
  benchCsvExport,
  benchSize,
  benchStaleCheck,
  type BenchSettings,
  type SizeFigures,
} from './phases.js';
import { renderReport, type BenchReport } from './report.js';
import { POOL_SIZE } from './servers.js';

/**
 * `npm run bench`: the app against a bare node:http + pg baseline on bulk databases, the CSV
 * export's memory, and stale-check under load. Writes the figures into BENCHMARKS.md between
 * the result markers (the hand-written analysis around them stays).
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '10' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '10' },
    'stale-check': { type: 'string', default: process.env.BENCH_STALE_CHECK ?? '1000000' },
    'skip-catch-up': { type: 'boolean', default: process.env.BENCH_SKIP_CATCH_UP === 'true' },
    out: { type: 'string', default: process.env.BENCH_OUT ?? 'BENCHMARKS.md' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const staleCheckSize = Number(values['stale-check']);
const settings: BenchSettings = {
  connections: Number(values.connections),
  durationSeconds: Number(values.duration),
};
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl || [...sizes, staleCheckSize, settings.connections].some(Number.isNaN)) {
  process.stderr.write(
    'usage: DATABASE_URL=postgresql://… npm run bench -- [--sizes 10000,100000] [--duration 10] [--connections 10] [--stale-check 1000000|0] [--skip-catch-up] [--out BENCHMARKS.md]\n',
  );
  process.exit(2);
}
if (!existsSync(path.join(PROJECT_ROOT, 'dist/scripts/bench/baseline-main.js'))) {
  throw new Error('run through `npm run bench` (it builds first)');
}

const loadAverage = () => os.loadavg()[0];
const MARKERS = ['<!-- bench:results:start -->', '<!-- bench:results:end -->'];

async function describeMachine(): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${memory} GiB memory, Node ${process.version}, PostgreSQL ${rows[0].server_version}`;
}

async function writeReport(report: BenchReport): Promise<void> {
  const file = path.resolve(values.out);
  const results = `${MARKERS[0]}\n\n${renderReport(report)}\n${MARKERS[1]}`;
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const [start, end] = MARKERS.map((marker) => current.indexOf(marker));
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + results + current.slice(end + MARKERS[1].length)
      : `# Benchmarks\n\n${results}\n`;
  await writeFile(file, next);
  process.stdout.write(`\n${renderReport(report)}\n\nWritten to ${file}.\n`);
}

async function staleCheckPhase(halfListPeak: number) {
  if (staleCheckSize <= 0) return undefined;
  const databaseUrl = await prepareBenchDatabase(serverUrl!, staleCheckSize);
  return benchStaleCheck(
    databaseUrl,
    staleCheckSize,
    halfListPeak,
    settings,
    !values['skip-catch-up'],
  );
}

const date = new Date().toISOString();
const machine = await describeMachine();
const figures: SizeFigures[] = [];
const databases = new Map<number, string>();
for (const size of sizes) {
  process.stdout.write(`${size} commitments\n`);
  const databaseUrl = await prepareBenchDatabase(serverUrl, size);
  databases.set(size, databaseUrl);
  figures.push(await benchSize(databaseUrl, size, settings, loadAverage));
}
const largest = Math.max(...sizes);
process.stdout.write(`CSV export of ${largest} commitments\n`);
const csvExport = await benchCsvExport(databases.get(largest)!, largest);
const listPeak = figures[0].endpoints[0].app.requestsPerSecond;
const staleCheck = await staleCheckPhase(Math.max(1, Math.round(listPeak / 2)));
await writeReport({
  date,
  machine,
  settings: `${settings.connections} connections, ${settings.durationSeconds} s per run (after a 1 s warm-up), pool of ${POOL_SIZE} connections in app and baseline, app with NODE_ENV=production and LOG_LEVEL=warn, rate limit lifted`,
  sizes: figures,
  csvExport,
  staleCheck,
});
