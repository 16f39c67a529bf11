import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';

/** Where the counters live: created by a migration, so the library is told it exists. */
export const COUNTER_TABLE = 'rate_limit_counter';

/**
 * How long a count waits for PostgreSQL before this instance counts in memory instead: far above
 * a count's usual time (under a millisecond), well below the 503 that an unreachable database
 * gives the request anyway.
 */
const STORE_TIMEOUT_MS = 500;

export interface CounterOptions {
  /** The counter's name: its rows are `<name>:<client>`. */
  name: string;
  /** Hits a client may make per window. */
  limit: number;
  windowMs: number;
}

export interface Count {
  /** False once this hit is over the limit. */
  allowed: boolean;
  remaining: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

/**
 * The pool without statement names. RateLimiterPostgres names its statements, and a named
 * statement belongs to the server session: the embedded database is one session behind its
 * socket server, so a connection opened after another one closed would find the name taken
 * (42P05). Parsing these small statements each time costs microseconds.
 */
function unnamedStatements(pool: pg.Pool): Pick<pg.Pool, 'query'> {
  return {
    query: (query: pg.QueryConfig) => pool.query({ text: query.text, values: query.values }),
  } as Pick<pg.Pool, 'query'>;
}

/**
 * The counter's rows in PostgreSQL, shared by every instance. Rows whose window ended over an
 * hour ago are deleted every five minutes (the library's own sweep, by the `expire` index).
 */
export function postgresCounter(pool: pg.Pool, options: CounterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: unnamedStatements(pool),
    storeType: 'pool',
    tableName: COUNTER_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: true,
    keyPrefix: options.name,
    points: options.limit,
    duration: options.windowMs / 1000,
    // A client over its limit is refused from memory until its window ends: a flood of refused
    // requests writes nothing.
    inMemoryBlockOnConsumed: options.limit,
  });
}

/**
 * Hits per client in fixed windows, counted in PostgreSQL so that every instance shares one
 * budget. When the database does not answer a count within STORE_TIMEOUT_MS (or fails), the hit
 * is counted in this instance's memory instead: the limit still holds per instance, and a
 * request is never refused or failed because its count could not be stored.
 */
export class SharedCounter {
  private readonly limiter: RLWrapperTimeouts;
  private readonly limit: number;

  constructor(pool: pg.Pool, options: CounterOptions) {
    this.limit = options.limit;
    this.limiter = new RLWrapperTimeouts({
      limiter: postgresCounter(pool, options),
      timeoutMs: STORE_TIMEOUT_MS,
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix: options.name,
        points: options.limit,
        duration: options.windowMs / 1000,
      }),
    });
  }

  /** Counts `hits` hits of the client at once (one statement). */
  async hit(client: string, hits = 1): Promise<Count> {
    try {
      return toCount(true, await this.limiter.consume(client, hits));
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return toCount(false, refused);
      throw refused;
    }
  }

  /** The client's count without a hit: whether it is already over the limit. */
  async peek(client: string): Promise<Count> {
    const result = await this.limiter.get(client);
    if (!result) return { allowed: true, remaining: this.limit, retryAfterSeconds: 1 };
    return toCount(result.consumedPoints < this.limit, result);
  }
}

function toCount(allowed: boolean, result: RateLimiterRes): Count {
  return {
    allowed,
    remaining: result.remainingPoints,
    retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
  };
}
