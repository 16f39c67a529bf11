import type { LoadFigures } from './figures.js';
import type { ExportFigures, SizeFigures, StaleCheckFigures, StaleCheckRun } from './phases.js';

export interface BenchReport {
  date: string;
  machine: string;
  settings: string;
  sizes: SizeFigures[];
  csvExport?: ExportFigures;
  staleCheck?: StaleCheckFigures;
}

const ms = (value: number) => `${value.toFixed(value < 1 ? 2 : value < 10 ? 1 : 0)} ms`;
const rps = (figures: LoadFigures) => figures.requestsPerSecond.toFixed(0);
const verdict = (met: boolean) => (met ? 'met' : '**MISSED**');
const n = (value: number) => value.toLocaleString('en-US');

export const MIN_RATIO = 0.6;
export const MAX_P99_AT_HALF_PEAK_MS = 25;
export const MAX_GROWTH = 2;
export const MAX_EXPORT_RSS_MB = 150;
export const MAX_STALE_CHECK_SECONDS = 60;

function sizeTable(size: SizeFigures): string[] {
  const rows = size.endpoints.map(
    (e) =>
      `| ${e.name} | ${rps(e.app)} | ${rps(e.baseline)} | ${(e.app.requestsPerSecond / e.baseline.requestsPerSecond).toFixed(2)} | ${ms(e.app.p50)} / ${ms(e.app.p99)} | ${ms(e.baseline.p50)} / ${ms(e.baseline.p99)} | ${ms(e.appAtHalfPeak.p99)} / ${ms(e.baselineAtAppHalfPeak.p99)} | ${e.app.failures + e.baseline.failures + e.appAtHalfPeak.failures + e.baselineAtAppHalfPeak.failures} |`,
  );
  return [
    `### ${n(size.size)} commitments`,
    '',
    `Load average (1 min) before / after: ${size.loadAverage.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    '| Endpoint | App req/s | Baseline req/s | App / baseline | App p50 / p99 | Baseline p50 / p99 | p99 paced at half the app peak: app / baseline | Failed requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ];
}

function throughputTargets(sizes: SizeFigures[]): string[] {
  return sizes.flatMap((size) =>
    size.endpoints.flatMap((e) => {
      const ratio = e.app.requestsPerSecond / e.baseline.requestsPerSecond;
      return [
        `| Throughput ≥ ${MIN_RATIO}× baseline: ${e.name}, ${n(size.size)} | ${ratio.toFixed(2)}× | ${verdict(ratio >= MIN_RATIO)} |`,
        `| p99 ≤ ${MAX_P99_AT_HALF_PEAK_MS} ms at half peak (${(e.app.requestsPerSecond / 2).toFixed(0)} req/s): ${e.name}, ${n(size.size)} | ${ms(e.appAtHalfPeak.p99)} | ${verdict(e.appAtHalfPeak.p99 <= MAX_P99_AT_HALF_PEAK_MS)} |`,
      ];
    }),
  );
}

function growthTargets(sizes: SizeFigures[]): string[] {
  const [small, large] = [sizes[0], sizes.at(-1)];
  if (!small || !large || small === large) {
    return ['| Time at the larger size ≤ 2× the smaller | not measured (one size only) | — |'];
  }
  return Object.keys(small.serialP50).map((name) => {
    const growth = large.serialP50[name] / small.serialP50[name];
    return `| ${name} at ${n(large.size)} ≤ ${MAX_GROWTH}× its time at ${n(small.size)} (one request at a time, p50) | ${ms(small.serialP50[name])} → ${ms(large.serialP50[name])} (${growth.toFixed(2)}×) | ${verdict(growth <= MAX_GROWTH)} |`;
  });
}

function exportTarget(csv?: ExportFigures): string[] {
  if (!csv) return ['| CSV export RSS | not measured | — |'];
  return [
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
  judged: boolean,
): string[] {
  const ok = run.outcome === 'SUCCEEDED';
  const result = (met: boolean) => (judged ? verdict(met) : 'not a target');
  const time = `${run.seconds.toFixed(1)} s${ok ? '' : ` (${run.outcome})`}`;
  return [
    `| stale-check over ${n(stale.size)} commitments < ${MAX_STALE_CHECK_SECONDS} s, ${label} | ${time}; ${counts(run)} | ${result(ok && run.seconds < MAX_STALE_CHECK_SECONDS)} |`,
    `| List p99 during that run ≤ 2× without (${stale.rate} req/s) | ${ms(stale.quiet.p99)} → ${ms(run.duringJob.p99)} | ${result(run.duringJob.p99 <= 2 * stale.quiet.p99)} |`,
  ];
}

function staleCheckTargets(stale?: StaleCheckFigures): string[] {
  if (!stale) return ['| stale-check | not run (`--stale-check 0`) | — |'];
  return [
    ...staleCheckRun(stale, stale.daily, 'daily run (flags as a run a day ago left them)', true),
    ...(stale.catchUp
      ? staleCheckRun(stale, stale.catchUp, 'catch-up run (no flags before)', false)
      : ['| stale-check catch-up run | not run (`--skip-catch-up`) | — |']),
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
    ...throughputTargets(report.sizes),
    ...growthTargets(report.sizes),
    ...exportTarget(report.csvExport),
    ...staleCheckTargets(report.staleCheck),
    '',
    ...report.sizes.flatMap(sizeTable),
  ].join('\n');
}
