import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startMemoryPostgres } from '../../src/database/embedded-postgres.js';

/** What a new test database holds: nothing, the migrated schema, or that and the seed. */
export type DatabaseContents = 'empty' | 'migrated' | 'seeded';

/**
 * Where each kind of new database is copied from, as the suite's global setup made them once
 * per run (test/support/database-templates.ts): on a server, a template database's name;
 * embedded, the file of a data folder's dump. Copying spares every test file its initdb,
 * migrations and seed (seconds of CPU each).
 */
export type DatabaseTemplates = Record<DatabaseContents, string>;

const TEMPLATES = 'TEST_DATABASE_TEMPLATES';

/** Records the templates in the environment, which Jest's workers inherit. */
export function recordTemplates(templates: DatabaseTemplates | undefined): void {
  if (templates) process.env[TEMPLATES] = JSON.stringify(templates);
  else delete process.env[TEMPLATES];
}

export function recordedTemplates(): DatabaseTemplates | undefined {
  const recorded = process.env[TEMPLATES];
  return recorded ? (JSON.parse(recorded) as DatabaseTemplates) : undefined;
}

/** The copy to start from; none for an empty database outside the suite (the scripts' case). */
function templateOf(contents: DatabaseContents): string | undefined {
  const template = recordedTemplates()?.[contents];
  if (!template && contents !== 'empty') {
    throw new Error('no test database templates: run the tests with npm test');
  }
  return template;
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** The server the suite runs against, if any: TEST_DATABASE_URL, else DATABASE_URL. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** A statement on the server's maintenance database (CREATE and DROP DATABASE). */
export async function onServer(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database for one test file, so files run in parallel without sharing rows: a new
 * database on the real server when one is configured, else an in-memory embedded one.
 */
export async function createTestDatabase(
  contents: DatabaseContents = 'empty',
): Promise<TestDatabase> {
  const template = templateOf(contents);
  const server = serverUrl();
  if (!server) {
    const embedded = await startMemoryPostgres(
      template ? new Blob([readFileSync(template)]) : undefined,
    );
    return { url: embedded.url, drop: () => embedded.close() };
  }
  const name = `ct_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await onServer(server, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    url: databaseUrl(server, name),
    drop: () => onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
