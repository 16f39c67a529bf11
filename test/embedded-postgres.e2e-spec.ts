import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openEmbeddedPostgres } from '../src/database/embedded-postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL in a data folder', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ct-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets a second opener (a CLI script) share the running server, and keeps data on disk', async () => {
    const server = await openEmbeddedPostgres(dataDir);
    await query(server.url, 'CREATE TABLE kept (value text)');
    expect(existsSync(path.join(dataDir, 'embedded-server.json'))).toBe(true);

    const script = await openEmbeddedPostgres(dataDir);
    expect(script.url).toBe(server.url);
    await query(script.url, "INSERT INTO kept VALUES ('written by the script')");
    await script.close();
    expect(await query(server.url, 'SELECT value FROM kept')).toEqual([
      { value: 'written by the script' },
    ]);

    await server.close();
    expect(existsSync(path.join(dataDir, 'embedded-server.json'))).toBe(false);

    const reopened = await openEmbeddedPostgres(dataDir);
    try {
      expect(await query(reopened.url, 'SELECT value FROM kept')).toEqual([
        { value: 'written by the script' },
      ]);
    } finally {
      await reopened.close();
    }
    // Three PGlite start-ups from disk: slow on a busy machine.
  }, 180_000);
});
