import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  MIGRATIONS_DIR,
  pendingMigrationNames,
  pendingMigrationSql,
  readMigrationList,
} from '../src/database/migrations/migrations.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const versionOf = (name: string): string =>
  (
    JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;

describe('migrations (through the WebAssembly schema engine)', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('schema.prisma has no change that a migration does not carry', async () => {
    await expect(pendingMigrationSql(database.url)).resolves.toBe('');
  });

  it('applies every migration once and records it as prisma migrate deploy does', async () => {
    const list = await readMigrationList();
    const names = list.migrationDirectories.map((dir) => dir.path);
    expect(await pendingMigrationNames(database.url, list)).toEqual(names);
    expect(await applyMigrations(database.url)).toEqual(names);
    // Nothing pending: the schema engine is not even loaded.
    expect(await pendingMigrationNames(database.url, list)).toEqual([]);
    expect(await applyMigrations(database.url)).toEqual([]);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
  });

  describe('a release that adds a migration', () => {
    let dir: string;
    const migration = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    };

    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('applies only the new migration to an up-to-date database', async () => {
      migration('29990101000000_probe', 'CREATE TABLE migration_probe (id int);');
      expect(await applyMigrations(database.url, dir)).toEqual(['29990101000000_probe']);
      await expect(client.query('SELECT id FROM migration_probe')).resolves.toBeDefined();
      expect(await pendingMigrationNames(database.url, await readMigrationList(dir))).toEqual([]);
    });

    it('still reports a migration that failed half-way instead of skipping it', async () => {
      migration('29990102000000_failing', 'CREATE TABLE migration_probe (id int);');
      await expect(applyMigrations(database.url, dir)).rejects.toThrow();
      await expect(applyMigrations(database.url, dir)).rejects.toThrow(/failed/);
      rmSync(path.join(dir, '29990102000000_failing'), { recursive: true });
      await client.query("DELETE FROM _prisma_migrations WHERE migration_name LIKE '2999%'");
      await client.query('DROP TABLE migration_probe');
    });
  });

  describe('data rules live in the database', () => {
    let commitmentId: string;

    beforeAll(async () => {
      const event = await client.query<{ id: string }>(
        "INSERT INTO event (slug, title, held_on) VALUES ('e', 'E', '2021-12-23') RETURNING id",
      );
      const commitment = await client.query<{ id: string }>(
        "INSERT INTO commitment (slug, title, event_id, made_on) VALUES ('c', 'Pledge', $1, '2021-12-23') RETURNING id",
        [event.rows[0].id],
      );
      commitmentId = commitment.rows[0].id;
    });

    const violates = (sql: string, params: unknown[] = []) =>
      expect(client.query(sql, params)).rejects.toThrow();

    it('keeps progress between 0 and 100', async () => {
      await violates('UPDATE commitment SET progress = 101 WHERE id = $1', [commitmentId]);
      await violates('UPDATE commitment SET progress = -1 WHERE id = $1', [commitmentId]);
    });

    it('refuses malformed slugs and duplicate slugs', async () => {
      await violates("UPDATE commitment SET slug = 'Not A Slug' WHERE id = $1", [commitmentId]);
      await violates(
        "INSERT INTO commitment (slug, title, event_id, made_on) SELECT 'c', 't', event_id, made_on FROM commitment WHERE id = $1",
        [commitmentId],
      );
    });

    it('allows one open reminder per commitment and kind, any number of closed ones', async () => {
      const insert =
        "INSERT INTO reminder (commitment_id, kind, due_at, state, closed_at) VALUES ($1, 'REVIEW_DUE', now(), $2, $3)";
      await client.query(insert, [commitmentId, 'OPEN', null]);
      await violates(insert, [commitmentId, 'OPEN', null]);
      await client.query(insert, [commitmentId, 'DONE', new Date()]);
      await client.query(insert, [commitmentId, 'DONE', new Date()]);
    });

    it('dates every finished notification, and no pending one', async () => {
      const { rows } = await client.query<{ id: string }>(
        "INSERT INTO reminder (commitment_id, kind, due_at, state, closed_at) VALUES ($1, 'CUSTOM', now(), 'DONE', now()) RETURNING id",
        [commitmentId],
      );
      const insert =
        'INSERT INTO notification (reminder_id, state, finished_at) VALUES ($1, $2, $3)';
      await violates(insert, [rows[0].id, 'DELIVERED', null]);
      await violates(insert, [rows[0].id, 'PENDING', new Date()]);
      await client.query(insert, [rows[0].id, 'FAILED', new Date()]);
      await client.query(insert, [rows[0].id, 'PENDING', null]);
    });

    it('keeps status updates append-only', async () => {
      const { rows } = await client.query<{ id: string }>(
        "INSERT INTO status_update (commitment_id, from_status, to_status, note, effective_on, actor) VALUES ($1, 'NOT_STARTED', 'IN_PROGRESS', 'why', '2022-01-01', 'test') RETURNING id",
        [commitmentId],
      );
      await violates("UPDATE status_update SET note = 'changed' WHERE id = $1", [rows[0].id]);
      await violates('DELETE FROM status_update WHERE id = $1', [rows[0].id]);
      await violates(
        "INSERT INTO status_update (commitment_id, from_status, to_status, note, effective_on, actor) VALUES ($1, 'NOT_STARTED', 'IN_PROGRESS', '  ', '2022-01-01', 'test')",
        [commitmentId],
      );
    });

    it('keeps the full-text column in step with title, summary and quote', async () => {
      await client.query("UPDATE commitment SET summary = 'semiconductors' WHERE id = $1", [
        commitmentId,
      ]);
      const { rows } = await client.query(
        "SELECT id FROM commitment WHERE search_vector @@ websearch_to_tsquery('english', 'semiconductor')",
      );
      expect(rows).toEqual([{ id: commitmentId }]);
    });
  });

  it('pins the WebAssembly schema engine to the generation of the Prisma CLI', () => {
    const cliEngines = versionOf('@prisma/engines-version');
    const wasmEngine = versionOf('@prisma/schema-engine-wasm');
    expect(wasmEngine.split('-')[0]).toBe(cliEngines.split('-')[0]);
    expect(versionOf('@prisma/adapter-pg')).toBe(versionOf('prisma'));
    expect(versionOf('@prisma/client').split('.').slice(0, 2)).toEqual(
      versionOf('prisma').split('.').slice(0, 2),
    );
  });
});
