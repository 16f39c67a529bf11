import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dumpNewDatabase, startMemoryPostgres } from '../../src/database/embedded-postgres.js';

/**
 * On the embedded database, the file holding a new database's data folder, which every test
 * file starts from instead of running initdb (seconds of CPU each); made once per run.
 */
const NEW_DATABASE_DUMP = 'TEST_NEW_DATABASE_DUMP';

/** The suite's global setup: the new database's dump, when the suite runs embedded. */
export async function prepareNewDatabaseDump(): Promise<void> {
  if (serverUrl()) return;
  const file = path.join(os.tmpdir(), `commitment-tracker-new-database-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await (await dumpNewDatabase()).arrayBuffer()));
  process.env[NEW_DATABASE_DUMP] = file;
}

/** The suite's global teardown. */
export function removeNewDatabaseDump(): void {
  const file = process.env[NEW_DATABASE_DUMP];
  if (file) rmSync(file, { force: true });
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** The server the suite runs against, if any: TEST_DATABASE_URL, else DATABASE_URL. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * A fresh, empty database for one test file, so files run in parallel without sharing rows:
 * a new database on the real server when one is configured, else an in-memory embedded one.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = serverUrl();
  if (!server) {
    const dump = process.env[NEW_DATABASE_DUMP];
    const embedded = await startMemoryPostgres(dump ? new Blob([readFileSync(dump)]) : undefined);
    return { url: embedded.url, drop: () => embedded.close() };
  }
  const name = `ct_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
