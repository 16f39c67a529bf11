import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { Clock } from '../../src/clock/clock.js';
import { withPrisma } from '../../src/cli/run-cli.js';
import { commitmentEtag } from '../../src/commitments/commitment-etag.js';
import { TERMINAL_STATUSES } from '../../src/commitments/commitment-rules.js';
import { ApiKeyRole } from '../../src/generated/prisma/enums.js';
import type { AppInstance } from '../support/instances.js';
import { startApp, startBaseline } from './servers.js';

export interface WriteRun {
  /** Status updates acknowledged (201). */
  written: number;
  /** Any other answer (a 412 would mean two writers on one commitment: none share one). */
  failures: number;
}

export interface StaffWriteFigures {
  size: number;
  writers: number;
  seconds: number;
  app: WriteRun;
  /** The same requests to the baseline server's raw pg transaction (staff-write-baseline.ts). */
  baseline: WriteRun;
}

/** Open commitments to write to, one per writer so that no If-Match of theirs can conflict. */
async function openCommitments(databaseUrl: string, count: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ slug: string; version: number }>(
      `SELECT slug, version FROM commitment
       WHERE archived = false AND status <> ALL($1::"CommitmentStatus"[]) AND slug LIKE 'bulk-%'
       ORDER BY slug LIMIT $2`,
      [TERMINAL_STATUSES, count],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * `writers` clients in parallel, each on a commitment of its own, for `seconds`: status updates
 * with the If-Match of the commitment's current version and a fresh Idempotency-Key, as a
 * client of the staff API sends them.
 */
async function writeFor(
  databaseUrl: string,
  port: number,
  key: string,
  writers: number,
  seconds: number,
): Promise<WriteRun> {
  const targets = await openCommitments(databaseUrl, writers);
  let written = 0;
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  const write = async ({ slug, version }: { slug: string; version: number }) => {
    let etag = commitmentEtag(version);
    for (let round = 0; Date.now() < until; round++) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/commitments/${slug}/updates`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'if-match': etag,
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          status: round % 2 ? 'STALLED' : 'IN_PROGRESS',
          note: `Bench round ${round}.`,
        }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) {
        failures++;
        return;
      }
      written++;
      etag = response.headers.get('etag') ?? etag;
    }
  };
  await Promise.all(targets.map(write));
  process.stderr.write(
    `  ${(written / seconds).toFixed(0)} status updates/s, ${failures} failed\n`,
  );
  return { written, failures };
}

/** Staff status updates per second through the app's API, then through the raw pg baseline. */
export async function benchStaffWrites(
  databaseUrl: string,
  size: number,
  writers: number,
  seconds: number,
): Promise<StaffWriteFigures> {
  const { key } = await withPrisma(databaseUrl, (prisma) =>
    new ApiKeysService(new ApiKeysRepository(prisma), new Clock()).create(
      'bench writer',
      ApiKeyRole.editor,
    ),
  );
  const run = async (server: AppInstance) => {
    try {
      return await writeFor(databaseUrl, server.port, key, writers, seconds);
    } finally {
      await server.stop();
    }
  };
  const app = await run(await startApp({ url: databaseUrl }));
  const baseline = await run(await startBaseline(databaseUrl));
  return { size, writers, seconds, app, baseline };
}
