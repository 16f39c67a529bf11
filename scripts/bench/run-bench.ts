import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCommand, UsageError, type CommandLine } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/app-config.js';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { prepareBenchDatabase, prepareEmbeddedBench } from './bench-database.js';
import { benchCsvExport, benchStaleCheck } from './phases.js';
import {
  benchEmbedded,
  benchSize,
  uncachedListPeak,
  type BenchSettings,
  type SizeFigures,
} from './reads.js';
import { renderReport, type BenchReport } from './report.js';
import { POOL_SIZE } from './servers.js';
import { benchStaffWrites } from './staff-writes.js';

const WHOLE_NUMBER = { test: (value: string) => /^\d+$/.test(value), is: 'a whole number' };
const POSITIVE = {
  test: (value: string) => /^[1-9]\d*$/.test(value),
  is: 'a positive whole number',
};

/** The parts of a run: the public reads, the CSV export, staff writes, stale-check. */
const PARTS = ['reads', 'export', 'writes', 'stale-check'] as const;
type Part = (typeof PARTS)[number];

const BENCH = {
  name: 'bench',
  summary:
    'The app, with its answer cache and without, against a bare node:http + pg baseline and a static ceiling on bulk databases (bench_<N> on the PostgreSQL server at DATABASE_URL, kept between runs) and on embedded ones, the CSV export against COPY, and stale-check under load. Writes the figures into BENCHMARKS.md between its result markers; progress goes to standard error. Each option can also be set by the environment variable named beside it.',
  options: {
    sizes: {
      value: 'N,N',
      description: 'commitments of each database loaded, also BENCH_SIZES',
      default: process.env.BENCH_SIZES ?? '10000,100000,1000000',
      rule: {
        test: (value: string) => /^[1-9]\d*(,[1-9]\d*)*$/.test(value),
        is: 'positive whole numbers separated by commas',
      },
    },
    duration: {
      value: 'SECONDS',
      description: 'length of each run, also BENCH_DURATION',
      default: process.env.BENCH_DURATION ?? '10',
      rule: POSITIVE,
    },
    connections: {
      value: 'N',
      description: 'connections of the peak load, also BENCH_CONNECTIONS',
      default: process.env.BENCH_CONNECTIONS ?? '10',
      rule: POSITIVE,
    },
    embedded: {
      value: 'N,N',
      description:
        'commitments of each embedded database (PGlite) loaded; 0 skips them, also BENCH_EMBEDDED',
      default: process.env.BENCH_EMBEDDED ?? '10000',
      rule: {
        test: (value: string) => /^\d+(,\d+)*$/.test(value),
        is: 'whole numbers separated by commas',
      },
    },
    'stale-check': {
      value: 'N',
      description: 'commitments stale-check runs over; 0 skips it, also BENCH_STALE_CHECK',
      default: process.env.BENCH_STALE_CHECK ?? '1000000',
      rule: WHOLE_NUMBER,
    },
    'skip-catch-up': {
      description:
        'only the daily stale-check run, not the catch-up one, also BENCH_SKIP_CATCH_UP=true',
      default: process.env.BENCH_SKIP_CATCH_UP === 'true' ? 'true' : undefined,
    },
    parts: {
      value: 'PART,PART',
      description: `what to measure, of ${PARTS.join(', ')} (all by default), also BENCH_PARTS`,
      default: process.env.BENCH_PARTS ?? PARTS.join(','),
      rule: {
        test: (value: string) =>
          value.split(',').every((part) => (PARTS as readonly string[]).includes(part)),
        is: `parts among ${PARTS.join(', ')}, separated by commas`,
      },
    },
    out: {
      value: 'FILE',
      description: 'the file the results are written into, also BENCH_OUT',
      default: process.env.BENCH_OUT ?? 'BENCHMARKS.md',
    },
  },
} as const;

const loadAverage = () => os.loadavg()[0];
const MARKERS = ['<!-- bench:results:start -->', '<!-- bench:results:end -->'];

/** What one run measures, read from its command line. */
interface BenchPlan {
  serverUrl: string;
  sizes: number[];
  embeddedSizes: number[];
  staleCheckSize: number;
  catchUp: boolean;
  parts: Set<Part>;
  settings: BenchSettings;
  out: string;
}

function planOf({ options }: CommandLine<typeof BENCH>): BenchPlan {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new UsageError('DATABASE_URL must name a PostgreSQL server');
  return {
    serverUrl,
    sizes: options.sizes.split(',').map(Number),
    embeddedSizes: options.embedded
      .split(',')
      .map(Number)
      .filter((size) => size > 0),
    staleCheckSize: Number(options['stale-check']),
    catchUp: options['skip-catch-up'] !== 'true',
    parts: new Set(options.parts.split(',') as Part[]),
    settings: {
      connections: Number(options.connections),
      durationSeconds: Number(options.duration),
    },
    out: options.out,
  };
}

async function describeMachine(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${memory} GiB memory, Node ${process.version}, PostgreSQL ${rows[0].server_version}`;
}

async function writeReport(out: string, report: BenchReport): Promise<void> {
  const file = path.resolve(out);
  const results = `${MARKERS[0]}\n\n${renderReport(report)}\n${MARKERS[1]}`;
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const [start, end] = MARKERS.map((marker) => current.indexOf(marker));
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + results + current.slice(end + MARKERS[1].length)
      : `# Benchmarks\n\n${results}\n`;
  await writeFile(file, next);
  process.stdout.write(`${renderReport(report)}\n\nWritten to ${file}.\n`);
}

async function staleCheckPhase(plan: BenchPlan, halfListPeak: number) {
  const databaseUrl = await prepareBenchDatabase(plan.serverUrl, plan.staleCheckSize);
  return benchStaleCheck(
    databaseUrl,
    plan.staleCheckSize,
    halfListPeak,
    plan.settings,
    plan.catchUp,
  );
}

async function bench(plan: BenchPlan): Promise<void> {
  const { serverUrl, sizes, settings, parts } = plan;
  const date = new Date().toISOString();
  const machine = await describeMachine(serverUrl);
  const figures: SizeFigures[] = [];
  const databases = new Map<number, string>();
  for (const size of sizes) {
    process.stderr.write(`${size} commitments\n`);
    const databaseUrl = await prepareBenchDatabase(serverUrl, size);
    databases.set(size, databaseUrl);
    if (parts.has('reads')) figures.push(await benchSize(databaseUrl, size, settings, loadAverage));
  }
  for (const size of parts.has('reads') ? plan.embeddedSizes : []) {
    process.stderr.write(`${size} commitments, embedded database\n`);
    const dataDir = await prepareEmbeddedBench(size);
    figures.push(await benchEmbedded(dataDir, size, settings, loadAverage));
  }
  const largest = Math.max(...sizes);
  const smallest = Math.min(...sizes);
  let csvExport;
  if (parts.has('export')) {
    process.stderr.write(`CSV export of ${largest} commitments\n`);
    csvExport = await benchCsvExport(databases.get(largest)!, largest);
  }
  let staffWrites;
  if (parts.has('writes')) {
    process.stderr.write(`Staff status updates on ${smallest} commitments\n`);
    staffWrites = await benchStaffWrites(
      databases.get(smallest)!,
      smallest,
      settings.connections,
      settings.durationSeconds,
    );
  }
  let staleCheck;
  if (parts.has('stale-check') && plan.staleCheckSize > 0) {
    // The load beside the job: half the uncached list's peak on the smallest database.
    const listPeak = parts.has('reads')
      ? figures[0].uncached[0].app.requestsPerSecond
      : await uncachedListPeak(databases.get(smallest)!, settings);
    staleCheck = await staleCheckPhase(plan, Math.max(1, Math.round(listPeak / 2)));
  }
  await writeReport(plan.out, {
    date,
    machine,
    settings: `${settings.connections} connections, ${settings.durationSeconds} s per run (after a 1 s warm-up), pool of ${POOL_SIZE} connections in app and baseline, app with NODE_ENV=production and LOG_LEVEL=warn, rate limit lifted, answer cache ${loadConfig().PUBLIC_CACHE_MB} MiB (off for the uncached cases)`,
    sizes: figures,
    csvExport,
    staffWrites,
    staleCheck,
  });
}

await runCommand(BENCH, async (commandLine) => {
  const plan = planOf(commandLine);
  if (!existsSync(path.join(PROJECT_ROOT, 'dist/scripts/bench/baseline-main.js'))) {
    throw new Error('run through `npm run bench` (it builds first)');
  }
  await bench(plan);
});
