import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startMemoryPostgres } from '../../src/database/embedded-postgres.js';

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
    const embedded = await startMemoryPostgres();
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
