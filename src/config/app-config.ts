import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  validateSync,
  ValidateBy,
} from 'class-validator';
import net from 'node:net';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Off, the number of proxies in front of the app, or the proxies' addresses and ranges. */
export type TrustProxy = false | number | string[];

/** More would be no deployment's chain, and a huge count amounts to trusting every entry. */
const MAX_PROXY_HOPS = 10;

/** proxy-addr's names for the loopback and private address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const toTrustProxy = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
};

/**
 * An address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or one of the named ranges. A `/0` range is every
 * address, as `true` would be, and proxy-addr refuses it at start.
 */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits >= 1 && bits <= (version === 4 ? 32 : 128);
}

function IsTrustProxy(): PropertyDecorator {
  return ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        value === false ||
        (typeof value === 'number' &&
          Number.isInteger(value) &&
          value >= 1 &&
          value <= MAX_PROXY_HOPS) ||
        (Array.isArray(value) && value.every((entry: string) => isProxyAddress(entry))),
      defaultMessage: (args) =>
        args?.value === true
          ? 'true would trust every X-Forwarded-For entry, so a client could pick its own address and slip past the rate limit and the failed-authentication lockout; give the number of proxies in front of the app (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8)'
          : `expected false, the number of proxies in front of the app (1 to ${MAX_PROXY_HOPS}) or a comma-separated list of proxy addresses/CIDRs (e.g. 10.0.0.0/8,loopback)`,
    },
  });
}

/**
 * Every setting the app reads, taken from environment variables (docs/configuration.md lists
 * them) and validated once at start.
 */
export class AppConfig {
  /** A real PostgreSQL server; when absent the app runs on the embedded database in DATA_DIR. */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /** Bounds every SQL statement, so one expensive search cannot hold a connection. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 3000;

  @Transform(toBoolean)
  @IsBoolean()
  SEED_ON_START = true;

  /**
   * Who public output (the timeline, the feed) says recorded a status update: the organisation,
   * never the staff member or API key; the audit log keeps who did it.
   */
  @IsString()
  @MaxLength(200)
  PUBLIC_BYLINE = 'Commitment Tracker';

  /** Public base URL, used in links of the feed, notifications and pages. */
  @IsUrl({ require_tld: false })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 100_000;

  /** A client gets this long to send a request's headers, then 408 and the connection closes. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HEADERS_TIMEOUT_MS = 10_000;

  /** …and this long for the whole request, headers and body (not for reading the answer). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  REQUEST_TIMEOUT_MS = 30_000;

  /**
   * Behind proxies: which hops to trust, so that the client address is the first one, walking
   * back from the connection through X-Forwarded-For, that is not a trusted proxy. Their
   * addresses (Fastify's `trustProxy` list), or their number, which trusts whoever connects:
   * only for an app reachable solely through its proxies. Never `true`: any client can write
   * the leftmost entry itself.
   */
  @Transform(toTrustProxy)
  @IsTrustProxy()
  TRUST_PROXY: TrustProxy = false;

  /** Failed staff authentications one client may make per window before getting 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_WINDOW_SECONDS = 60;

  /** A workspace session ends after this long without a request. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES = 120;

  /** A workspace session ends this long after sign-in, however active it is. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_ABSOLUTE_HOURS = 12;

  /**
   * Failed sign-ins into one account per window before that account's sign-in pauses until the
   * window ends: a stranger guessing can hold a real user off for one window at most.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_ACCOUNT_LIMIT = 10;

  /** Failed sign-ins from one address (into any account) per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_ADDRESS_LIMIT = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_WINDOW_SECONDS = 900;

  /** Requests one client may make to the public routes per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 300;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /**
   * Memory for the public answer cache, in MiB (src/common/public-cache); 0 turns it off. An
   * answer is served from it only while the data it shows is unchanged.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PUBLIC_CACHE_MB = 32;

  /** CSV exports one client may stream at once from an instance; more get 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EXPORT_MAX_PER_CLIENT = 1;

  /**
   * CSV exports an instance streams at once, whoever asks; more get 503. An export keeps a core
   * busy turning rows into CSV, and every other request waits behind the exports' work: the
   * median latency of the rest grows faster than their number (BENCHMARKS.md, CSV export).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EXPORT_MAX_CONCURRENT = 2;

  /** Days without an update or review after which a commitment without its own interval is stale. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REVIEW_INTERVAL_DAYS = 90;

  /** A target date this many days ahead (or fewer) opens a DEADLINE_APPROACHING reminder. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEADLINE_WINDOW_DAYS = 30;

  /** Off for command-line contexts and tests: jobs then run only when asked. */
  @Transform(toBoolean)
  @IsBoolean()
  JOBS_SCHEDULE_ENABLED = true;

  @IsString()
  STALE_CHECK_CRON = '0 * * * *';

  @IsString()
  DEADLINE_CHECK_CRON = '0 6 * * *';

  @IsString()
  DISPATCH_NOTIFICATIONS_CRON = '* * * * *';

  @IsString()
  CLEANUP_CRON = '30 4 * * *';

  @IsString()
  SEND_MAIL_CRON = '* * * * *';

  /** Finished job runs older than this are deleted by the cleanup job. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  JOB_RUN_RETENTION_DAYS = 30;

  /** Notifications DELIVERED or FAILED longer ago than this are deleted with their attempts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_RETENTION_DAYS = 90;

  /** Rows per transaction when a job walks a large table. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  JOB_BATCH_SIZE = 1000;

  /**
   * Commitments stale-check flags per transaction. Smaller than a walk's batch: each flag writes
   * a row into every index of commitment plus a reminder and a notification, and a thousand of
   * them at once dirtied enough shared buffers to stall the public reads for 200–400 ms.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  STALE_CHECK_BATCH_SIZE = 100;

  /**
   * After each batch a job waits this many times as long as the batch took, so that the public
   * API keeps most of the machine while a job walks a large table (autovacuum's cost delay does
   * the same for PostgreSQL). 0: no pause.
   */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  JOB_YIELD_RATIO = 2;

  /** A run stops itself after this long (the next run continues), so a lease never outlives it. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  JOB_RUN_TIMEOUT_MS = 15 * 60_000;

  /**
   * A scheduled or caught-up run that could not start or record its end (the database
   * unreachable) is tried again after this long, then twice as long each time, up to an hour,
   * until it runs or a later scheduled run of the job has started.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  JOB_RETRY_MS = 30_000;

  /** At shutdown, the runs in progress get this long to finish before they stop at a batch's end. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  JOB_SHUTDOWN_GRACE_MS = 5000;

  /** Where notifications are POSTed; unset means they go to the log. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WEBHOOK_URL?: string;

  /** HMAC-SHA256 key of the `X-Signature` header. */
  @IsString()
  WEBHOOK_SECRET = '';

  @Type(() => Number)
  @IsInt()
  @Min(10)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Admins' endpoints may be at private, link-local and other internal addresses (an intranet). */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  /** Development: admins' endpoints may be `http://` to a loopback host (127.0.0.1, localhost). */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP_LOOPBACK = false;

  /** An endpoint whose every delivery has failed for this long is paused, and admins are told. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_PAUSE_AFTER_HOURS = 24;

  /** Delivery attempts before a notification is marked FAILED. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATION_MAX_ATTEMPTS = 12;

  /** First retry delay; it doubles per attempt (with jitter) up to NOTIFICATION_BACKOFF_MAX_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_BACKOFF_BASE_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_BACKOFF_MAX_MS = 60 * 60_000;

  /** The SMTP server mail goes through (`smtp://` or `smtps://`, credentials in it); unset: the log. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'] })
  SMTP_URL?: string;

  /** The From of every mail. */
  @IsString()
  @MaxLength(254)
  MAIL_FROM = 'Commitment Tracker <tracker@localhost>';

  /** Mails sent or failed longer ago than this are deleted with their attempts (and addresses). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAIL_RETENTION_DAYS = 30;

  /** Signs the confirmation and unsubscribe links of public follows; required with SMTP_URL. */
  @IsString()
  MAIL_TOKEN_SECRET = '';

  /** A follower gets at most one mail per subscription this often: a burst of edits is one mail. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOLLOW_MAIL_INTERVAL_MINUTES = 60;

  /** Follow requests per address, and per client, per FOLLOW_LIMIT_WINDOW_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOLLOW_LIMIT_PER_ADDRESS = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOLLOW_LIMIT_PER_CLIENT = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOLLOW_LIMIT_WINDOW_SECONDS = 3600;
}

/** The retry settings of both outboxes. */
export const retryPolicy = (config: AppConfig) => ({
  maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS,
  baseMs: config.NOTIFICATION_BACKOFF_BASE_MS,
  maxMs: config.NOTIFICATION_BACKOFF_MAX_MS,
});

export class ConfigError extends Error {}

/** Reads and validates the environment; a wrong value throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Unset and empty variables both mean "use the default".
  const settings = Object.fromEntries(
    Object.keys(new AppConfig()).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const config = plainToInstance(AppConfig, settings, { exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length > 0) {
    const lines = errors.map(
      (error) =>
        `  ${error.property}=${JSON.stringify(error.value)}: ${Object.values(error.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'Invalid configuration:\n  HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS',
    );
  }
  if (config.SMTP_URL && config.MAIL_TOKEN_SECRET.length < 32) {
    throw new ConfigError(
      'Invalid configuration:\n  MAIL_TOKEN_SECRET must be at least 32 characters when SMTP_URL is set (it signs the links in mails)',
    );
  }
  // The embedded database is one PostgreSQL session behind a socket multiplexer: statements of
  // concurrent connections can interleave with a transaction, so the app keeps to one connection.
  if (!config.DATABASE_URL) config.DB_POOL_SIZE = 1;
  return config;
}
