import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { runCommand } from '../../src/cli/run-cli.js';
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
 * Restarts under load: two app processes behind a round-robin balancer, a mixed load of reads
 * and writes, and each instance in turn sent SIGTERM and started again. Passes when no request
 * failed at the client, every instance exited within 10 s, and every acknowledged write is in
 * the database. Prints the figures as JSON (RELIABILITY.md quotes them).
 */
const LOAD_SECONDS = loadSeconds(20);
const WORKERS = 12;
const EXIT_BOUND_MS = 10_000;
const READ_PATHS = [
  '/api/v1/commitments',
  '/api/v1/commitments/climate-change-cooperation',
  '/api/v1/events',
];

/** Four reads to one idempotent evidence POST; returns the URLs of the acknowledged writes. */
async function runLoad(client: LoadClient, until: number): Promise<string[]> {
  const acknowledged: string[] = [];
  await runWorkers(WORKERS, until, async () => {
    const turn = client.requests;
    if (turn % 5 !== 0) {
      await client.send('GET', READ_PATHS[turn % READ_PATHS.length], [200]);
      return;
    }
    const url = `https://example.org/reliability/${randomUUID()}`;
    const reply = await client.send('POST', '/api/v1/evidence', [201], {
      body: { url, title: 'Reliability probe' },
      headers: { 'idempotency-key': url },
    });
    if (reply?.status === 201) acknowledged.push(url);
  });
  return acknowledged;
}

async function missingWrites(databaseUrl: string, urls: string[]): Promise<number> {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence WHERE url = ANY($1)', [
      urls,
    ]),
  );
  return urls.length - rows[0].n;
}

async function main(): Promise<void> {
  const { database, adminKey } = await prepareDatabase();
  const env = instanceEnv(database.url);
  const instances = [
    new AppInstance(await freePort(), env),
    new AppInstance(await freePort(), env),
  ];
  await Promise.all(instances.map((instance) => instance.start()));
  const balancer = await startRoundRobin(instances.map((instance) => instance.port));

  const client = new LoadClient(`http://127.0.0.1:${balancer.port}`, adminKey);
  const until = Date.now() + LOAD_SECONDS * 1000;
  const load = runLoad(client, until);
  const exitTimesMs: number[] = [];
  for (let round = 0; Date.now() < until - 3000; round++) {
    await delay(2000);
    const instance = instances[round % instances.length];
    exitTimesMs.push(await instance.stop());
    await instance.start();
  }
  const acknowledged = await load;
  const missing = await missingWrites(database.url, acknowledged);

  await balancer.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();

  const slowestExitMs = Math.max(...exitTimesMs);
  report(
    {
      loadSeconds: LOAD_SECONDS,
      requests: client.requests,
      failedRequests: client.unexpected.length,
      failures: client.unexpected.slice(0, 10),
      restarts: exitTimesMs.length,
      slowestExitMs,
      acknowledgedWrites: acknowledged.length,
      missingAcknowledgedWrites: missing,
    },
    client.unexpected.length === 0 && missing === 0 && slowestExitMs <= EXIT_BOUND_MS,
  );
}

await runCommand(
  {
    name: 'reliability:restarts',
    summary:
      'Two app processes on a fresh database of TEST_DATABASE_URL behind a round-robin, each restarted with SIGTERM under reads and idempotent writes. Prints the figures as JSON; exit code 1 when a check fails. RELIABILITY_SECONDS sets the length of the load (default 20).',
  },
  main,
);
