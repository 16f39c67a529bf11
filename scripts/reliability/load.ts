import pg from 'pg';
import { displayPrefix, generateApiKey, hashSecret } from '../../src/auth/api-key-secret.js';
import { applyMigrations } from '../../src/database/migrations/migrations.js';
import {
  createTestDatabase,
  serverUrl,
  type TestDatabase,
} from '../../test/support/test-database.js';

/** Settings every instance of a reliability run shares: quiet logs, no public rate limit. */
export function instanceEnv(databaseUrl: string): Record<string, string> {
  // All load comes from one address (the balancer), which the public rate limit would throttle.
  return {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'true',
    RATE_LIMIT_MAX: '1000000',
  };
}

/**
 * A fresh, migrated database with an admin API key; returns the key's secret. Only on a real
 * PostgreSQL server: the embedded database is one session behind a socket multiplexer that
 * interleaves the protocol messages of concurrent connections, so it serves one process only.
 */
export async function prepareDatabase(): Promise<{ database: TestDatabase; adminKey: string }> {
  if (!serverUrl()) {
    throw new Error(
      'Several app processes need a real PostgreSQL server: set TEST_DATABASE_URL ' +
        '(the embedded database serves one process; see RELIABILITY.md).',
    );
  }
  const database = await createTestDatabase();
  await applyMigrations(database.url);
  const adminKey = generateApiKey();
  await withClient(database.url, (client) =>
    client.query(
      "INSERT INTO api_key (name, role, key_hash, key_prefix) VALUES ('reliability', 'admin', $1, $2)",
      [hashSecret(adminKey), displayPrefix(adminKey)],
    ),
  );
  return { database, adminKey };
}

export async function withClient<T>(
  databaseUrl: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const REQUEST_BOUND_MS = 30_000;

export interface Reply {
  status: number;
  etag: string | null;
  body: unknown;
}

/**
 * Counts every request and keeps the unexpected answers (with a network error as status): the
 * figures both reliability scripts report.
 */
export class LoadClient {
  requests = 0;
  /** The slowest answers, for the report: the time a client waited through a fault. */
  readonly slowest: { ms: number; status: number | string; method: string; path: string }[] = [];
  readonly unexpected: {
    status: number | string;
    method: string;
    path: string;
    detail?: string;
  }[] = [];

  constructor(
    private readonly base: string,
    private readonly key: string,
  ) {}

  get serverErrors(): number {
    return this.unexpected.filter(({ status }) => typeof status !== 'number' || status >= 500)
      .length;
  }

  /** A request; an answer whose status is not in `expected` is recorded. Null on network error. */
  async send(
    method: 'GET' | 'POST',
    path: string,
    expected: number[],
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply | null> {
    this.requests++;
    const staff = method !== 'GET';
    const started = performance.now();
    try {
      const response = await fetch(this.base + path, {
        method,
        headers: {
          ...(staff ? { authorization: `Bearer ${this.key}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // A request the app never answers is a failure, not a hung script.
        signal: AbortSignal.timeout(REQUEST_BOUND_MS),
      });
      const text = await response.text();
      this.time(started, response.status, method, path);
      const json = response.headers.get('content-type')?.includes('json');
      const body: unknown = json && text ? JSON.parse(text) : text;
      if (!expected.includes(response.status)) {
        const detail = (body as { detail?: string } | null)?.detail;
        this.unexpected.push({ status: response.status, method, path, detail });
      }
      return { status: response.status, etag: response.headers.get('etag'), body };
    } catch (error) {
      this.time(started, (error as Error).message, method, path);
      this.unexpected.push({ status: (error as Error).message, method, path });
      return null;
    }
  }

  private time(started: number, status: number | string, method: string, path: string): void {
    const ms = Math.round(performance.now() - started);
    this.slowest.push({ ms, status, method, path });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, 5);
  }
}

/** Runs `workers` loops of `step` side by side until the time `until` (ms since the epoch). */
export async function runWorkers(
  workers: number,
  until: number,
  step: () => Promise<void>,
): Promise<void> {
  const loop = async () => {
    while (Date.now() < until) await step();
  };
  await Promise.all(Array.from({ length: workers }, loop));
}

export function loadSeconds(fallback: number): number {
  return Number(process.env.RELIABILITY_SECONDS ?? fallback);
}

/** Prints the figures as JSON and sets the exit code: non-zero when a check failed. */
export function report(figures: object, passed: boolean): void {
  process.stdout.write(`${JSON.stringify({ ...figures, passed }, null, 2)}\n`);
  process.exitCode = passed ? 0 : 1;
}
