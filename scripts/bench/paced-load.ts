import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadFigures } from './load.js';

export interface PacedLoadOptions {
  url: string;
  headers?: Record<string, string>;
  expectedStatus: number;
  /** Requests per second, evenly spaced. */
  rate: number;
}

/** The value below which a share `q` of the sorted values fall. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Open-loop load: one request every 1/rate seconds whatever the answers, as from independent
 * visitors, each timed from its own start. autocannon's rate limit is not that: each connection
 * sends its share of a second back to back and then idles, so every second starts with a burst
 * at full speed, and its coordinated-omission correction assumes a 1 ms interval — the p99 it
 * reports at half the peak is the p99 of the peak.
 */
export function startPacedLoad(load: PacedLoadOptions): { stop: () => Promise<LoadFigures> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const interval = 1000 / load.rate;
  const started = performance.now();
  let sent = 0;
  let failures = 0;
  let stopped = false;

  const send = (): void => {
    const sentAt = performance.now();
    const answered = new Promise<void>((resolve) => {
      const request = http.get(load.url, { agent, headers: load.headers }, (response) => {
        response.resume();
        response.once('end', () => {
          if (response.statusCode === load.expectedStatus) {
            latencies.push(performance.now() - sentAt);
          } else failures++;
          resolve();
        });
      });
      request.once('error', () => {
        failures++;
        resolve();
      });
    });
    pending.add(answered);
    void answered.then(() => pending.delete(answered));
    sent++;
  };

  let timer: NodeJS.Timeout;
  const tick = (): void => {
    if (stopped) return;
    // Catch up on ticks a busy event loop delayed: the schedule, not the timer, sets the rate.
    const due = Math.floor((performance.now() - started) / interval) + 1;
    while (sent < due) send();
    timer = setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
  };
  timer = setTimeout(tick, 0);

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(pending);
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      return {
        requestsPerSecond: sorted.length / seconds,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        requests: sent,
        failures,
      };
    },
  };
}

/** Seconds of paced load before the measured run, its answers discarded. */
const WARM_UP_SECONDS = 2;

/**
 * Paced load for `durationSeconds`, after a warm-up at the same rate: the figures are of the
 * server settled at that rate (its heap sized for it), not of the switch from idle or from the
 * peak run before, when V8's memory reducer collects the garbage the peak left.
 */
export async function measurePaced(
  load: PacedLoadOptions,
  durationSeconds: number,
): Promise<LoadFigures> {
  const warmUp = startPacedLoad(load);
  await sleep(WARM_UP_SECONDS * 1000);
  await warmUp.stop();
  const run = startPacedLoad(load);
  await sleep(durationSeconds * 1000);
  return run.stop();
}
