import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DiffTarget, MigrationList } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { PROJECT_ROOT } from '../../project-root.js';
import { openSchemaEngine, type SchemaFile } from './schema-engine.js';

export const PRISMA_DIR = path.join(PROJECT_ROOT, 'prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
/** Each migration folder keeps the schema it was generated from, to diff the next one against. */
export const SNAPSHOT_FILE = 'schema.prisma';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function readSchema(file = SCHEMA_PATH): Promise<SchemaFile> {
  return { path: path.basename(file), content: await readFile(file, 'utf8') };
}

/** The migrations folder as `prisma migrate deploy` reads it. */
export async function readMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(dir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

/**
 * Applies pending migrations and records them in `_prisma_migrations`; returns their names.
 * When none is pending (every start but the first after a release) the schema engine is not
 * loaded at all: compiling its WebAssembly kept about 15 MB of resident memory for the life of
 * the server.
 */
export async function applyMigrations(
  connectionString: string,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await readMigrationList(dir);
  if ((await pendingMigrationNames(connectionString, migrationsList)).length === 0) return [];
  const { engine, close } = await openSchemaEngine(connectionString, await readSchema());
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

const UNDEFINED_TABLE = '42P01';

/**
 * The migration folders `_prisma_migrations` does not record as finished: all of them before
 * the first migration, and a failed one (which the engine then reports).
 */
export async function pendingMigrationNames(
  connectionString: string,
  { migrationDirectories }: MigrationList,
): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === UNDEFINED_TABLE) return { rows: [] };
        throw error;
      });
    const applied = new Set(rows.map((row) => row.migration_name));
    return migrationDirectories.map((dir) => dir.path).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/** The schema the newest migration was generated from, or null before the first migration. */
export async function readLatestSnapshot(dir = MIGRATIONS_DIR): Promise<SchemaFile | null> {
  const { migrationDirectories } = await readMigrationList(dir);
  const latest = migrationDirectories.at(-1);
  return latest ? readSchema(path.join(dir, latest.path, SNAPSHOT_FILE)) : null;
}

/**
 * The SQL that takes a database from the newest migration's schema to the current
 * schema.prisma: empty when every change is carried by a migration.
 */
export async function pendingMigrationSql(connectionString: string): Promise<string> {
  const current = await readSchema();
  const snapshot = await readLatestSnapshot();
  const from: DiffTarget = snapshot
    ? { tag: 'schemaDatamodel', files: [snapshot] }
    : { tag: 'empty' };
  // The engine connects on start, though diffing two schema files reads nothing from the database.
  const { engine, close } = await openSchemaEngine(connectionString, current);
  try {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [current] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return isEmptyMigration(result.stdout ?? '') ? '' : (result.stdout ?? '');
  } finally {
    await close();
  }
}

function isEmptyMigration(sql: string): boolean {
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}
