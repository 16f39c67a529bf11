import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, type LoadFigures } from './figures.js';

export interface PacedLoadOptions {
  url: string;
  headers?: Record<string, string>;
  expectedStatus: number;
  /** Requests per second, evenly spaced. */
  rate: number;
}

/**
 * Open-loop load: one request every 1/rate seconds whatever the answers, as from independent
 * visitors, each timed from its own start. autocannon's rate limit is not that: each connection
 * sends its share of a second back to back and then idles, so every second starts with a burst
 * at full speed, and its coordinated-omission correction assumes a 1 ms interval — the p99 it
 * reports at half the peak is the p99 of the peak.
 */
export interface PacedLoad {
  /** Ends the current window of requests (its figures, once its answers are in) and opens the next. */
  nextWindow(): Promise<LoadFigures>;
  /** Stops sending; the last window's figures. */
  stop(): Promise<LoadFigures>;
}

/** The requests sent in one stretch of a paced load, and their answers. */
class LoadWindow {
  readonly latencies: number[] = [];
  readonly pending = new Set<Promise<void>>();
  readonly started = performance.now();
  sent = 0;
  failures = 0;

  async figures(ended: number): Promise<LoadFigures> {
    await Promise.all(this.pending);
    const sorted = this.latencies.sort((a, b) => a - b);
    return {
      requestsPerSecond: sorted.length / ((ended - this.started) / 1000),
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: this.sent,
      failures: this.failures,
    };
  }
}

export function startPacedLoad(load: PacedLoadOptions): PacedLoad {
  // One keep-alive agent for the whole load: a window that opened new connections would count
  // their set-up in its tail.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const interval = 1000 / load.rate;
  const started = performance.now();
  let window = new LoadWindow();
  let sent = 0;
  let stopped = false;

  const send = (): void => {
    const sentAt = performance.now();
    const into = window;
    const answered = new Promise<void>((resolve) => {
      const request = http.get(load.url, { agent, headers: load.headers }, (response) => {
        response.resume();
        response.once('end', () => {
          if (response.statusCode === load.expectedStatus) {
            into.latencies.push(performance.now() - sentAt);
          } else into.failures++;
          resolve();
        });
      });
      request.once('error', () => {
        into.failures++;
        resolve();
      });
    });
    into.pending.add(answered);
    void answered.then(() => into.pending.delete(answered));
    into.sent++;
    sent++;
  };

  let timer: NodeJS.Timeout;
  const tick = (): void => {
    if (stopped) return;
    const due = Math.floor((performance.now() - started) / interval) + 1;
    while (sent < due) send();
    timer = setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
  };
  timer = setTimeout(tick, 0);

  const closeWindow = (): Promise<LoadFigures> => {
    const closed = window;
    window = new LoadWindow();
    return closed.figures(performance.now());
  };

  return {
    nextWindow: closeWindow,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const figures = await closeWindow();
      agent.destroy();
      return figures;
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
  const paced = await startWarmPacedLoad(load);
  await sleep(durationSeconds * 1000);
  return paced.stop();
}

/** A paced load past its warm-up: its current window starts now. */
export async function startWarmPacedLoad(load: PacedLoadOptions): Promise<PacedLoad> {
  const paced = startPacedLoad(load);
  await sleep(WARM_UP_SECONDS * 1000);
  void paced.nextWindow();
  return paced;
}
