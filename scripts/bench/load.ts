import autocannon from 'autocannon';

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses with another status than expected, plus connection errors and timeouts. */
  failures: number;
}

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
