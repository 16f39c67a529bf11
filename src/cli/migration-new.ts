import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MIGRATIONS_DIR,
  pendingMigrationSql,
  SCHEMA_PATH,
  SNAPSHOT_FILE,
} from '../database/migrations/migrations.js';
import { runCli } from './run-cli.js';

await runCli(
  {
    name: 'db:migration',
    summary:
      "Writes the SQL that carries the changes of prisma/schema.prisma since the last migration into a new folder of prisma/migrations. Review it and add what Prisma's schema language cannot say (checks, partial indexes) before committing.",
    options: {
      name: { value: 'NAME', description: 'what the migration does, e.g. add_x', required: true },
    },
    database: 'connected',
  },
  async ({ options, databaseUrl }) => {
    const name = options.name.replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
    const sql = await pendingMigrationSql(databaseUrl);
    if (!sql) {
      process.stdout.write(
        'schema.prisma has no change that a migration does not already carry: nothing written.\n',
      );
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await copyFile(SCHEMA_PATH, path.join(dir, SNAPSHOT_FILE));
    process.stdout.write(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql\n`);
  },
);
