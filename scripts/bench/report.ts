import type { LoadFigures } from './figures.js';
import type { ExportFigures, StaleCheckFigures, StaleCheckRun } from './phases.js';
import type { CaseFigures, SizeFigures } from './reads.js';
import type { StaffWriteFigures, WriteRun } from './staff-writes.js';

export interface BenchReport {
  date: string;
  machine: string;
  settings: string;
  sizes: SizeFigures[];
  csvExport?: ExportFigures;
  staffWrites?: StaffWriteFigures;
  staleCheck?: StaleCheckFigures;
}

const ms = (value: number) => `${value.toFixed(value < 1 ? 2 : value < 10 ? 1 : 0)} ms`;
const rps = (figures: LoadFigures) => figures.requestsPerSecond.toFixed(0);
const verdict = (met: boolean) => (met ? 'met' : '**MISSED**');
const n = (value: number) => value.toLocaleString('en-US');

export const MIN_REPEAT_RATIO = 3;
export const MIN_CEILING_RATIO = 0.5;
export const MIN_UNCACHED_RATIO = 0.8;
export const MAX_P99_AT_HALF_PEAK_MS = 25;
export const MAX_GROWTH = 2;
export const MAX_EXPORT_RSS_MB = 150;
export const MIN_COPY_RATIO = 0.5;
export const MAX_DAILY_STALE_CHECK_SECONDS = 10;
export const MAX_CATCH_UP_SECONDS = 120;
export const MIN_STAFF_WRITE_RATIO = 0.5;

const ratio = (app: LoadFigures, other?: LoadFigures) =>
  other ? app.requestsPerSecond / other.requestsPerSecond : undefined;
const times = (value?: number) => (value === undefined ? '—' : `${value.toFixed(2)}`);
const where = (size: SizeFigures) => `${n(size.size)}${size.embedded ? ', embedded' : ''}`;

function caseRow(e: CaseFigures): string {
  const failed = [
    e.app,
    e.baseline,
    e.ceiling,
    e.appAtHalfPeak,
    e.baselineAtAppHalfPeak,
    e.ceilingAtAppHalfPeak,
  ]
    .filter((figures) => figures !== undefined)
    .reduce((sum, figures) => sum + figures.failures, 0);
  const paced = [e.appAtHalfPeak, e.baselineAtAppHalfPeak, e.ceilingAtAppHalfPeak]
    .map((figures) => (figures ? ms(figures.p99) : '—'))
    .join(' / ');
  return `| ${e.name} | ${rps(e.app)} | ${e.baseline ? rps(e.baseline) : '—'} | ${times(ratio(e.app, e.baseline))} | ${e.ceiling ? rps(e.ceiling) : '—'} | ${times(ratio(e.app, e.ceiling))} | ${ms(e.app.p50)} / ${ms(e.app.p99)} | ${paced} | ${failed} |`;
}

const CASE_HEADER = [
  '| Case | App req/s | Baseline req/s | App / baseline | Ceiling req/s | App / ceiling | App p50 / p99 | p99 paced at half the app peak: app / baseline / ceiling | Failed requests |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

function sizeTables(size: SizeFigures): string[] {
  return [
    `### ${n(size.size)} commitments${size.embedded ? ', embedded database (PGlite)' : ''}`,
    '',
    `Load average (1 min) before / after: ${size.loadAverage.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    'Repeat reads, answer cache on:',
    '',
    ...CASE_HEADER,
    ...size.repeat.map(caseRow),
    '',
    'Answer cache off (every request reaches the database):',
    '',
    ...CASE_HEADER,
    ...size.uncached.map(caseRow),
    '',
  ];
}

/** A repeat read against the baseline, or the app uncached where the baseline has no route. */
function repeatTargets(size: SizeFigures): string[] {
  return size.repeat.map((e) => {
    const uncached = size.uncached.find((u) => u.name === e.name)?.app;
    const [against, label] = e.baseline ? [e.baseline, 'baseline'] : [uncached, 'app uncached'];
    const overBase = ratio(e.app, against) ?? 0;
    const overCeiling = ratio(e.app, e.ceiling) ?? 0;
    const met = overBase >= MIN_REPEAT_RATIO && overCeiling >= MIN_CEILING_RATIO;
    return `| Repeat reads ≥ ${MIN_REPEAT_RATIO}× ${label} and ≥ ${MIN_CEILING_RATIO}× ceiling: ${e.name}, ${where(size)} | ${overBase.toFixed(2)}× ${label}, ${overCeiling.toFixed(2)}× ceiling | ${size.embedded ? 'not a target' : verdict(met)} |`;
  });
}

function uncachedTargets(size: SizeFigures): string[] {
  return size.uncached.flatMap((e) => {
    const overBase = ratio(e.app, e.baseline);
    if (overBase === undefined) return [];
    return [
      `| Uncached ≥ ${MIN_UNCACHED_RATIO}× baseline: ${e.name}, ${where(size)} | ${overBase.toFixed(2)}× | ${size.embedded ? 'not a target' : verdict(overBase >= MIN_UNCACHED_RATIO)} |`,
    ];
  });
}

function p99Targets(size: SizeFigures): string[] {
  const judged = !size.embedded;
  return [
    ...size.repeat.map((e) => ({ e, kind: 'cached' })),
    ...size.uncached.map((e) => ({ e, kind: 'uncached' })),
  ].map(
    ({ e, kind }) =>
      `| p99 ≤ ${MAX_P99_AT_HALF_PEAK_MS} ms at half peak (${(e.app.requestsPerSecond / 2).toFixed(0)} req/s): ${e.name}, ${kind}, ${where(size)} | ${ms(e.appAtHalfPeak.p99)} | ${judged ? verdict(e.appAtHalfPeak.p99 <= MAX_P99_AT_HALF_PEAK_MS) : 'not a target'} |`,
  );
}

function growthTargets(sizes: SizeFigures[]): string[] {
  const onServer = sizes.filter((size) => !size.embedded);
  const [small, large] = [onServer[0], onServer.at(-1)];
  if (!small || !large || small === large) {
    return ['| Time at the larger size ≤ 2× the smaller | not measured (one size only) | — |'];
  }
  return Object.keys(small.serialP50).map((name) => {
    const growth = large.serialP50[name] / small.serialP50[name];
    return `| ${name} at ${n(large.size)} ≤ ${MAX_GROWTH}× its time at ${n(small.size)} (one request at a time, p50, uncached) | ${ms(small.serialP50[name])} → ${ms(large.serialP50[name])} (${growth.toFixed(2)}×) | ${verdict(growth <= MAX_GROWTH)} |`;
  });
}

function exportTarget(csv?: ExportFigures): string[] {
  if (!csv) return ['| CSV export RSS | not measured | — |'];
  const rowsPerSecond = (seconds: number) => csv.size / seconds;
  const overCopy = rowsPerSecond(csv.seconds) / rowsPerSecond(csv.copy.seconds);
  return [
    `| CSV export of ${n(csv.size)} rows ≥ ${MIN_COPY_RATIO}× the rows/s of COPY (same statement) TO STDOUT WITH CSV | ${n(Math.round(rowsPerSecond(csv.seconds)))} against ${n(Math.round(rowsPerSecond(csv.copy.seconds)))} rows/s (${overCopy.toFixed(2)}×; COPY ${(csv.copy.bytes / 1e6).toFixed(1)} MB in ${csv.copy.seconds.toFixed(1)} s) | ${verdict(overCopy >= MIN_COPY_RATIO)} |`,
    `| CSV export of ${n(csv.size)} commitments: app RSS < ${MAX_EXPORT_RSS_MB} MB | peak ${csv.peakRssMb.toFixed(0)} MB (${csv.rssBeforeMb.toFixed(0)} MB before; ${(csv.bytes / 1e6).toFixed(1)} MB in ${csv.seconds.toFixed(1)} s) | ${verdict(csv.peakRssMb < MAX_EXPORT_RSS_MB)} |`,
  ];
}

const counts = (run: StaleCheckRun) =>
  Object.entries(run.counts)
    .map(([name, value]) => `${name} ${n(value)}`)
    .join(', ');

/** `judged`: a target; otherwise the figures are shown for information. */
function staleCheckRun(
  stale: StaleCheckFigures,
  run: StaleCheckRun,
  label: string,
  maxSeconds: number,
): string[] {
  const ok = run.outcome === 'SUCCEEDED';
  const time = `${run.seconds.toFixed(1)} s${ok ? '' : ` (${run.outcome})`}`;
  return [
    `| stale-check over ${n(stale.size)} commitments < ${maxSeconds} s, ${label} | ${time}; ${counts(run)} | ${verdict(ok && run.seconds < maxSeconds)} |`,
    `| List p99 during that run ≤ 2× without (${stale.rate} req/s) | ${ms(stale.quiet.p99)} → ${ms(run.duringJob.p99)} | ${verdict(run.duringJob.p99 <= 2 * stale.quiet.p99)} |`,
  ];
}

function staleCheckTargets(stale?: StaleCheckFigures): string[] {
  if (!stale) return ['| stale-check | not run (`--stale-check 0`) | — |'];
  return [
    ...staleCheckRun(
      stale,
      stale.daily,
      'daily run (flags as a run a day ago left them)',
      MAX_DAILY_STALE_CHECK_SECONDS,
    ),
    ...(stale.catchUp
      ? staleCheckRun(stale, stale.catchUp, 'catch-up run (no flags before)', MAX_CATCH_UP_SECONDS)
      : ['| stale-check catch-up run | not run (`--skip-catch-up`) | — |']),
  ];
}

function staffWriteTarget(writes?: StaffWriteFigures): string[] {
  const target =
    'Staff status updates/s (If-Match, Idempotency-Key) ≥ 0.5× a raw pg baseline running the same transaction';
  if (!writes) return [`| ${target} | not measured | — |`];
  const perSecond = (run: WriteRun) => run.written / writes.seconds;
  const ratio = perSecond(writes.app) / perSecond(writes.baseline);
  const failures = writes.app.failures + writes.baseline.failures;
  return [
    `| ${target} | app ${perSecond(writes.app).toFixed(0)} / baseline ${perSecond(writes.baseline).toFixed(0)} updates/s (${ratio.toFixed(2)}×; ${writes.writers} writers, ${n(writes.size)} commitments, ${failures} failed) | ${verdict(ratio >= MIN_STAFF_WRITE_RATIO && failures === 0)} |`,
  ];
}

/** The generated part of BENCHMARKS.md. */
export function renderReport(report: BenchReport): string {
  return [
    `Run: ${report.date}. Machine: ${report.machine}.`,
    '',
    `Settings: ${report.settings}.`,
    '',
    '### Targets',
    '',
    '| Target | Measured | Result |',
    '| --- | --- | --- |',
    ...report.sizes.flatMap(repeatTargets),
    ...report.sizes.flatMap(uncachedTargets),
    ...report.sizes.flatMap(p99Targets),
    ...growthTargets(report.sizes),
    ...exportTarget(report.csvExport),
    ...staleCheckTargets(report.staleCheck),
    ...staffWriteTarget(report.staffWrites),
    '',
    ...report.sizes.flatMap(sizeTables),
  ].join('\n');
}
