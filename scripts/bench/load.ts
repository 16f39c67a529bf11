import autocannon from 'autocannon';
import http from 'node:http';
import { percentile, type LoadFigures } from './figures.js';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  expectedStatus: number;
  connections: number;
  durationSeconds: number;
}

function figures(result: autocannon.Result, expectedStatus: number): LoadFigures {
  const answered = Object.entries(result.statusCodeStats ?? {}).reduce(
    (sum, [status, { count }]) => sum + (Number(status) === expectedStatus ? (count ?? 0) : 0),
    0,
  );
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.requests.total - answered + result.errors + result.timeouts,
  };
}

function options(load: LoadOptions): autocannon.Options {
  return {
    url: load.url,
    headers: load.headers,
    connections: load.connections,
    duration: load.durationSeconds,
  };
}

/** One autocannon run of the given length: closed loop, as fast as the server answers. */
export async function measure(load: LoadOptions): Promise<LoadFigures> {
  return figures(await autocannon(options(load)), load.expectedStatus);
}

/**
 * The median time of one request at a time for `durationSeconds`, timed to the microsecond: the
 * work of a request with no queue in front of it (autocannon reports whole milliseconds, and a
 * read of the tallies takes less than one).
 */
export async function medianOneAtATime(url: string, durationSeconds: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const until = performance.now() + durationSeconds * 1000;
  try {
    while (performance.now() < until) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        http
          .get(url, { agent }, (response) => {
            response.resume();
            if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
            response.once('end', resolve);
          })
          .once('error', reject);
      });
      latencies.push(performance.now() - started);
    }
  } finally {
    agent.destroy();
  }
  return percentile(
    latencies.sort((a, b) => a - b),
    0.5,
  );
}
