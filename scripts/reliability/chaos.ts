import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { runCommand } from '../../src/cli/run-cli.js';
import pg from 'pg';
import { displayPrefix, generateApiKey, hashSecret } from '../../src/auth/api-key-secret.js';
import { applyMigrations } from '../../src/database/migrations/migrations.js';
import { AppInstance, freePort } from '../support/instances.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { instanceEnv, LoadClient, report, withClient } from './load.js';

/**
 * Faults under load: one app process on a private PostgreSQL server (so restarting it disturbs
 * nothing else), writers sending reviews with `Idempotency-Key` and retrying each until it is
 * answered, CSV exports streaming meanwhile, while the app's database connections are
 * terminated again and again and the server is restarted twice. Afterwards every write is retried
 * once more, and the database is checked: each acknowledged write is there exactly once, and no
 * key is left refusing its retries. Prints the figures as JSON; exit 1 when one that must be zero
 * is not, or when no write was acknowledged while the faults went on.
 */
const TERMINATIONS = Number(process.env.CHAOS_TERMINATIONS ?? 36);
/**
 * The pauses before each termination, in turn: bursts, then a pause in which a write can commit,
 * so that writes are acknowledged between the faults too, not only once they are over.
 */
const TERMINATION_INTERVALS_MS = [250, 500, 2000];
const WRITERS = 6;
const EXPORTERS = 2;
const READERS = 2;
const READ_PATHS = [
  '/api/v1/commitments',
  '/api/v1/commitments?q=supply%20chain',
  '/api/v1/commitments/climate-change-cooperation',
  '/api/v1/stats',
  '/',
];
/** How long after the faults a write may still be refused before its key counts as stuck. */
const SETTLE_MS = 10_000;

/** The three idempotent staff writes of the load, each found afterwards by its unique text. */
type WriteKind = 'review' | 'status-update' | 'evidence';

interface Write {
  kind: WriteKind;
  key: string;
  path: string;
  body: Record<string, unknown>;
  /** The review's or update's note, or the evidence's URL. */
  marker: string;
  etag?: string;
  /** True once it has its final answer (201, 412 or an inconsistent one). */
  answered: boolean;
  /** When the 201 came, if it came. */
  acknowledgedAt?: number;
}

const KINDS: WriteKind[] = ['review', 'status-update', 'evidence'];

/**
 * Staff writes, each sent with its Idempotency-Key until answered: a network error, 503 or 409
 * (a key still being answered) is retried with the same key and body.
 */
class Writer {
  readonly writes: Write[] = [];
  /** Answers that are neither success nor a documented retry signal. */
  readonly inconsistent: { status: number; kind: WriteKind }[] = [];
  /** 412: the commitment moved since it was read (a job flagged it), so nothing was written. */
  preconditionFailures = 0;

  constructor(private readonly client: LoadClient) {}

  /** Retries until the load ends; what is still unanswered then is retried after the faults. */
  async write(commitmentId: string, loadEnds: { at: number }): Promise<void> {
    const write = await this.prepare(KINDS[this.writes.length % KINDS.length], commitmentId);
    if (!write) return delay(100);
    this.writes.push(write);
    while (Date.now() < loadEnds.at && !(await this.attempt(write))) await delay(100);
  }

  private async prepare(kind: WriteKind, commitmentId: string): Promise<Write | null> {
    const marker = `chaos ${randomUUID()}`;
    const base = { kind, key: randomUUID(), marker, answered: false };
    if (kind === 'evidence') {
      const url = `https://example.org/chaos/${randomUUID()}`;
      return { ...base, marker: url, path: '/api/v1/evidence', body: { url, title: marker } };
    }
    const current = await this.client.send(
      'GET',
      `/api/v1/commitments/${commitmentId}`,
      [200, 503],
    );
    if (current?.status !== 200 || !current.etag) return null;
    return kind === 'review'
      ? {
          ...base,
          etag: current.etag,
          path: `/api/v1/commitments/${commitmentId}/reviews`,
          body: { note: marker },
        }
      : {
          ...base,
          etag: current.etag,
          path: `/api/v1/commitments/${commitmentId}/updates`,
          body: { note: marker, status: 'IN_PROGRESS' },
        };
  }

  /** True once the write has its final answer. */
  async attempt(write: Write): Promise<boolean> {
    const reply = await this.client.send('POST', write.path, [201, 409, 412, 503], {
      body: write.body,
      headers: {
        'idempotency-key': write.key,
        ...(write.etag ? { 'if-match': write.etag } : {}),
      },
    });
    if (reply === null || reply.status === 503 || reply.status === 409) return false;
    write.answered = true;
    if (reply.status === 201) write.acknowledgedAt = Date.now();
    // A key that was answered replays its answer, so a 412 means no attempt of it was written:
    // the writer reads the commitment again and starts a new write.
    else if (reply.status === 412) this.preconditionFailures++;
    else this.inconsistent.push({ status: reply.status, kind: write.kind });
    return true;
  }
}

/** An export that has not ended by then hangs: a fault must end it, one way or the other. */
const EXPORT_BOUND_MS = 30_000;

/** CSV exports end to end; an export cut by a fault may end early but never takes the app down. */
async function exportLoop(
  base: string,
  loadEnds: { at: number },
  counts: { exports: number; hungExports: number },
): Promise<void> {
  while (Date.now() < loadEnds.at) {
    counts.exports++;
    const signal = AbortSignal.timeout(EXPORT_BOUND_MS);
    await fetch(`${base}/api/v1/commitments.csv`, { signal })
      .then((response) => response.arrayBuffer())
      .catch(() => {
        if (signal.aborted) counts.hungExports++;
      });
  }
}

async function terminateAppConnections(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows[0].n;
  }).catch(() => 0);
}

async function createAdminKey(databaseUrl: string): Promise<string> {
  const key = generateApiKey();
  await withClient(databaseUrl, (client) =>
    client.query(
      "INSERT INTO api_key (name, role, key_hash, key_prefix) VALUES ('chaos', 'admin', $1, $2)",
      [hashSecret(key), displayPrefix(key)],
    ),
  );
  return key;
}

/** How many rows each write left: one when it was done once, never more. */
async function storedCounts(databaseUrl: string, writes: Write[]): Promise<Map<string, number>> {
  const markers = (kind: WriteKind) =>
    writes.filter((write) => write.kind === kind).map((write) => write.marker);
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ marker: string; n: number }>(
      `SELECT note AS marker, count(*)::int AS n FROM review WHERE note = ANY($1) GROUP BY note
       UNION ALL
       SELECT note, count(*)::int FROM status_update WHERE note = ANY($2) GROUP BY note
       UNION ALL
       SELECT url, count(*)::int FROM evidence WHERE url = ANY($3) GROUP BY url`,
      [markers('review'), markers('status-update'), markers('evidence')],
    ),
  );
  return new Map(rows.map((row) => [row.marker, row.n]));
}

async function waitForDatabase(url: string): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    const up = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (up) return;
    await delay(100);
  }
}

async function underFaults(server: PrivatePostgres): Promise<void> {
  const databaseUrl = server.url;
  await applyMigrations(databaseUrl);
  const adminKey = await createAdminKey(databaseUrl);
  const app = new AppInstance(await freePort(), {
    ...instanceEnv(databaseUrl),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    DB_CONNECT_TIMEOUT_MS: '1000',
    // The jobs run under the faults too.
    STALE_CHECK_CRON: '*/2 * * * * *',
    DEADLINE_CHECK_CRON: '1-59/2 * * * * *',
    DISPATCH_NOTIFICATIONS_CRON: '*/2 * * * * *',
  });
  await app.start();
  try {
    await loadAndFaults(server, app, adminKey);
  } finally {
    await app.stop();
  }
}

async function loadAndFaults(server: PrivatePostgres, app: AppInstance, adminKey: string) {
  const databaseUrl = server.url;
  const base = `http://127.0.0.1:${app.port}`;
  const client = new LoadClient(base, adminKey);
  const commitments = (
    (await client.send('GET', '/api/v1/commitments?limit=20', [200]))?.body as {
      data: { id: string }[];
    }
  ).data.map((commitment) => commitment.id);

  let processDeaths = 0;
  let faultsOver = false;
  const watchdog = (async () => {
    while (!faultsOver) {
      await delay(200);
      if (!app.alive) {
        processDeaths++;
        await app.start().catch(() => undefined);
      }
    }
  })();

  const writer = new Writer(client);
  const counts = {
    exports: 0,
    hungExports: 0,
    terminations: 0,
    terminatedConnections: 0,
    restarts: 0,
  };
  const loadEnds = { at: Number.POSITIVE_INFINITY };
  const writers = Promise.all(
    Array.from({ length: WRITERS }, async (_, index) => {
      while (Date.now() < loadEnds.at) {
        await writer.write(commitments[index % commitments.length], loadEnds);
      }
    }),
  );
  const exporters = Promise.all(
    Array.from({ length: EXPORTERS }, () => exportLoop(base, loadEnds, counts)),
  );
  const readers = Promise.all(
    Array.from({ length: READERS }, async () => {
      while (Date.now() < loadEnds.at) {
        await client.send('GET', READ_PATHS[client.requests % READ_PATHS.length], [200, 503]);
      }
    }),
  );

  const faultStartedAt = Date.now();
  for (let round = 0; round < TERMINATIONS; round++) {
    await delay(TERMINATION_INTERVALS_MS[round % TERMINATION_INTERVALS_MS.length]);
    counts.terminations++;
    counts.terminatedConnections += await terminateAppConnections(databaseUrl);
    if (round === Math.floor(TERMINATIONS / 3) || round === Math.floor((2 * TERMINATIONS) / 3)) {
      await server.restart(counts.restarts === 0 ? 'fast' : 'immediate');
      await waitForDatabase(databaseUrl);
      counts.restarts++;
    }
  }
  const faultsEndedAt = Date.now();
  const faultSeconds = (faultsEndedAt - faultStartedAt) / 1000;
  // Load goes on a little after the last fault, then every unanswered write is tried once more.
  await delay(2000);
  loadEnds.at = Date.now();
  await Promise.all([writers, exporters, readers]);
  faultsOver = true;
  await watchdog;
  const settleUntil = Date.now() + SETTLE_MS;
  let stuckKeys = 0;
  for (const write of writer.writes.filter((each) => !each.answered)) {
    let answered = false;
    while (!answered && Date.now() < settleUntil) {
      answered = await writer.attempt(write);
      if (!answered) await delay(200);
    }
    if (!answered) stuckKeys++;
  }

  const stored = await storedCounts(databaseUrl, writer.writes);
  const acknowledged = writer.writes.filter((write) => write.acknowledgedAt !== undefined);
  const lost = acknowledged.filter((write) => !stored.has(write.marker)).length;
  // Writes acknowledged only once the faults were over would leave the faults untested.
  const acknowledgedDuringFaults = acknowledged.filter(
    (write) => write.acknowledgedAt! < faultsEndedAt,
  ).length;
  const duplicates = [...stored.values()].filter((n) => n > 1).length;
  const serverErrors = client.unexpected.filter(
    ({ status }) => typeof status === 'number' && status >= 500 && status !== 503,
  );
  const stillAlive = app.alive;
  report(
    {
      faultSeconds,
      terminations: counts.terminations,
      terminatedConnections: counts.terminatedConnections,
      postgresRestarts: counts.restarts,
      requests: client.requests,
      csvExports: counts.exports,
      hungCsvExports: counts.hungExports,
      processDeaths: processDeaths + (stillAlive ? 0 : 1),
      writes: writer.writes.length,
      acknowledgedWrites: acknowledged.length,
      acknowledgedDuringFaults,
      lostAcknowledgedWrites: lost,
      duplicatedWrites: duplicates,
      stuckKeys,
      preconditionFailures: writer.preconditionFailures,
      inconsistentAnswers: writer.inconsistent.slice(0, 10),
      serverErrorsOther503: serverErrors.length,
      serverErrorSamples: serverErrors.slice(0, 10),
      slowestAnswers: client.slowest,
    },
    processDeaths === 0 &&
      stillAlive &&
      acknowledgedDuringFaults > 0 &&
      lost === 0 &&
      duplicates === 0 &&
      stuckKeys === 0 &&
      writer.inconsistent.length === 0 &&
      serverErrors.length === 0 &&
      counts.hungExports === 0 &&
      counts.terminations >= 30 &&
      counts.restarts === 2,
  );
}

await runCommand(
  {
    name: 'reliability:chaos',
    summary:
      'One app process on a private PostgreSQL server, under idempotent writes and CSV exports, while its database connections are terminated again and again and the server is restarted twice. Prints the figures as JSON; exit code 1 when a check fails.',
  },
  async () => {
    const server = await PrivatePostgres.start();
    try {
      await underFaults(server);
    } finally {
      await server.stop();
    }
  },
);
