import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config.js';
import { connectDatabase } from '../database/database-connection.js';
import {
  MIGRATIONS_DIR,
  pendingMigrationSql,
  SCHEMA_PATH,
  SNAPSHOT_FILE,
} from '../database/migrations/migrations.js';

/**
 * `npm run db:migration -- --name add_something`: writes the SQL that carries the changes of
 * schema.prisma since the last migration into a new folder of prisma/migrations. Review it and
 * add what Prisma's schema language cannot say (checks, partial indexes) before committing.
 */
const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = values.name?.replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
if (!name) {
  process.stderr.write('usage: npm run db:migration -- --name short_description\n');
  process.exit(2);
}
const database = await connectDatabase(loadConfig());
const sql = await pendingMigrationSql(database.url).finally(() => database.close());
if (!sql) {
  process.stdout.write('schema.prisma has no change that a migration does not already carry.\n');
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), sql);
  await copyFile(SCHEMA_PATH, path.join(dir, SNAPSHOT_FILE));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql\n`);
}
