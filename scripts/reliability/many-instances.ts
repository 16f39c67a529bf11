import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { runCommand } from '../../src/cli/run-cli.js';
import { toIsoDate } from '../../src/common/dates.js';
import { AppInstance, freePort, startRoundRobin } from '../support/instances.js';
import {
  instanceEnv,
  LoadClient,
  loadSeconds,
  prepareDatabase,
  report,
  runWorkers,
  withClient,
} from './load.js';

/**
 * Many instances: three app processes on one fresh database, the jobs on a schedule of seconds,
 * a local webhook receiver recording every notification, and a mixed load through a round-robin:
 * public reads, staff status updates and reviews racing (If-Match from a GET) on the same
 * commitments from all instances, and new commitments whose target dates and review intervals
 * give the jobs work. Then checks from the database and the receiver that each job ran alone,
 * nothing was duplicated and no acknowledged write was lost. Prints the figures as JSON.
 */
const LOAD_SECONDS = loadSeconds(90);
const INSTANCES = 3;
const WORKERS = 9;
const JOB_SCHEDULE = {
  STALE_CHECK_CRON: '*/3 * * * * *',
  DEADLINE_CHECK_CRON: '1-59/3 * * * * *',
  DISPATCH_NOTIFICATIONS_CRON: '*/2 * * * * *',
};
const DAY_MS = 86_400_000;
const EVENT_SLUG = 'kr-cn-strategic-dialogue-2021-12-23';

interface Commitment {
  id: string;
  slug: string;
}

/** Records every delivery by notification id, so a duplicate shows up as a count above one. */
async function startWebhookReceiver(): Promise<{
  url: string;
  deliveries: Map<string, number>;
  close: () => Promise<void>;
}> {
  const deliveries = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { id } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

class MixedLoad {
  /** Acknowledged (201) status updates and reviews per commitment id. */
  readonly acknowledged = new Map<string, number>();
  /** If-Match versions that got a 201, per commitment: two for one version break concurrency. */
  private readonly acceptedVersions = new Map<string, string[]>();
  preconditionFailures = 0;
  created = 0;

  constructor(
    private readonly client: LoadClient,
    private readonly contested: Commitment[],
  ) {}

  get doubleAcceptedVersions(): number {
    return [...this.acceptedVersions.values()].reduce(
      (sum, versions) => sum + versions.length - new Set(versions).size,
      0,
    );
  }

  async step(): Promise<void> {
    const roll = Math.random();
    if (roll < 0.45) return this.read();
    if (roll < 0.92) return this.racingWrite();
    return this.createCommitment();
  }

  private pick(): Commitment {
    return this.contested[Math.floor(Math.random() * this.contested.length)];
  }

  private async read(): Promise<void> {
    const paths = [
      '/api/v1/commitments?limit=20',
      `/api/v1/commitments/${this.pick().slug}`,
      `/api/v1/commitments/${this.pick().slug}/updates`,
      '/api/v1/events',
    ];
    await this.client.send('GET', paths[Math.floor(Math.random() * paths.length)], [200]);
  }

  /** A status update or a review with the ETag of a fresh GET: other instances race for it. */
  private async racingWrite(): Promise<void> {
    const { id } = this.pick();
    const current = await this.client.send('GET', `/api/v1/commitments/${id}`, [200]);
    if (!current?.etag) return;
    const review = Math.random() < 0.5;
    const reply = await this.client.send(
      'POST',
      `/api/v1/commitments/${id}/${review ? 'reviews' : 'updates'}`,
      [201, 412],
      {
        headers: { 'if-match': current.etag },
        body: review
          ? { note: 'Reviewed under load' }
          : {
              note: 'Progress under load',
              status: Math.random() < 0.5 ? 'IN_PROGRESS' : 'STALLED',
              progress: Math.floor(Math.random() * 100),
            },
      },
    );
    if (reply?.status === 412) this.preconditionFailures++;
    if (reply?.status !== 201) return;
    this.acknowledged.set(id, (this.acknowledged.get(id) ?? 0) + 1);
    this.acceptedVersions.set(id, [...(this.acceptedVersions.get(id) ?? []), current.etag]);
  }

  /** Made three days ago with a one-day review interval, due yesterday, today or tomorrow. */
  private async createCommitment(): Promise<void> {
    const day = (offset: number) => toIsoDate(new Date(Date.now() + offset * DAY_MS));
    const reply = await this.client.send('POST', '/api/v1/commitments', [201], {
      headers: { 'idempotency-key': randomUUID() },
      body: {
        title: `Load pledge ${randomUUID()}`,
        event: EVENT_SLUG,
        parties: [{ code: 'KR' }],
        themes: ['climate-environment'],
        madeOn: day(-3),
        targetDate: day(Math.floor(Math.random() * 3) - 1),
        reviewIntervalDays: 1,
      },
    });
    if (reply?.status !== 201) return;
    this.created++;
    this.contested.push(reply.body as Commitment);
  }
}

const FIGURES_SQL = {
  runsPerJob: `SELECT name, count(*)::int AS runs FROM job_run WHERE trigger = 'SCHEDULE'
    GROUP BY name ORDER BY name`,
  overlappingRuns: `SELECT count(*)::int AS n FROM job_run a JOIN job_run b
    ON a.name = b.name AND a.id < b.id
    AND tstzrange(a.started_at, COALESCE(a.finished_at, 'infinity'))
      && tstzrange(b.started_at, COALESCE(b.finished_at, 'infinity'))`,
  unfinishedRuns: `SELECT count(*)::int AS n FROM job_run WHERE outcome <> 'SUCCEEDED'`,
  duplicateOpenReminders: `SELECT COALESCE(sum(n - 1), 0)::int AS n FROM (
    SELECT count(*) AS n FROM reminder WHERE state = 'OPEN' GROUP BY commitment_id, kind) open`,
  reminders: `SELECT count(*)::int AS n FROM reminder`,
  notificationsDelivered: `SELECT count(*)::int AS n FROM notification WHERE state = 'DELIVERED'`,
  failedDeliveries: `SELECT count(*)::int AS n FROM notification_attempt WHERE NOT succeeded`,
  timelineRows: `SELECT commitment_id AS id, count(*)::int AS n FROM (
    SELECT commitment_id FROM status_update UNION ALL SELECT commitment_id FROM review) rows
    GROUP BY commitment_id`,
} as const;

async function readFigures(databaseUrl: string) {
  return withClient(databaseUrl, async (db) => {
    const one = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0].n;
    const runs = await db.query<{ name: string; runs: number }>(FIGURES_SQL.runsPerJob);
    const timeline = await db.query<{ id: string; n: number }>(FIGURES_SQL.timelineRows);
    return {
      scheduledRunsPerJob: Object.fromEntries(runs.rows.map((row) => [row.name, row.runs])),
      overlappingRuns: await one(FIGURES_SQL.overlappingRuns),
      runsNotSucceeded: await one(FIGURES_SQL.unfinishedRuns),
      reminders: await one(FIGURES_SQL.reminders),
      duplicateOpenReminders: await one(FIGURES_SQL.duplicateOpenReminders),
      notificationsDelivered: await one(FIGURES_SQL.notificationsDelivered),
      failedDeliveries: await one(FIGURES_SQL.failedDeliveries),
      timelineRows: new Map(timeline.rows.map((row) => [row.id, row.n])),
    };
  });
}

/** Commitments whose acknowledged updates + reviews differ from the rows the database holds. */
function lostUpdates(acknowledged: Map<string, number>, rows: Map<string, number>): number {
  const ids = new Set([...acknowledged.keys(), ...rows.keys()]);
  return [...ids].filter((id) => (acknowledged.get(id) ?? 0) !== (rows.get(id) ?? 0)).length;
}

async function main(): Promise<void> {
  const { database, adminKey } = await prepareDatabase();
  const receiver = await startWebhookReceiver();
  const env = {
    ...instanceEnv(database.url),
    ...JOB_SCHEDULE,
    JOBS_SCHEDULE_ENABLED: 'true',
    REVIEW_INTERVAL_DAYS: '1',
    WEBHOOK_URL: receiver.url,
  };
  const instances = await Promise.all(
    Array.from({ length: INSTANCES }, async () => new AppInstance(await freePort(), env)),
  );
  // Started together on the empty database: the first-start seed must run once.
  await Promise.all(instances.map((instance) => instance.start()));
  const balancer = await startRoundRobin(instances.map((instance) => instance.port));
  const client = new LoadClient(`http://127.0.0.1:${balancer.port}`, adminKey);

  const listing = await client.send('GET', '/api/v1/commitments?limit=4', [200]);
  const load = new MixedLoad(client, [...(listing?.body as { data: Commitment[] }).data]);
  await runWorkers(WORKERS, Date.now() + LOAD_SECONDS * 1000, () => load.step());

  await balancer.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  const { timelineRows, ...figures } = await readFigures(database.url);
  await receiver.close();
  await database.drop();

  const deliveries = [...receiver.deliveries.values()];
  const result = {
    loadSeconds: LOAD_SECONDS,
    instances: INSTANCES,
    requests: client.requests,
    serverErrors: client.serverErrors,
    unexpectedAnswers: client.unexpected.length,
    unexpected: client.unexpected.slice(0, 10),
    commitmentsCreated: load.created,
    acknowledgedTimelineWrites: [...load.acknowledged.values()].reduce((a, b) => a + b, 0),
    preconditionFailed412: load.preconditionFailures,
    doubleAcceptedVersions: load.doubleAcceptedVersions,
    lostUpdates: lostUpdates(load.acknowledged, timelineRows),
    ...figures,
    notificationsReceived: deliveries.length,
    notificationsReceivedMoreThanOnce: deliveries.filter((count) => count > 1).length,
  };
  report(
    result,
    result.unexpectedAnswers === 0 &&
      result.doubleAcceptedVersions === 0 &&
      result.lostUpdates === 0 &&
      result.overlappingRuns === 0 &&
      result.duplicateOpenReminders === 0 &&
      result.notificationsReceivedMoreThanOnce <= result.failedDeliveries,
  );
}

await runCommand(
  {
    name: 'reliability:instances',
    summary:
      'Three app processes on a fresh database of TEST_DATABASE_URL, the jobs every few seconds and a local webhook receiver, under reads, racing If-Match writes and new commitments. Prints the figures as JSON; exit code 1 when a check fails. RELIABILITY_SECONDS sets the length of the load (default 90).',
  },
  main,
);
