import { applyMigrations } from '../database/migrations/migrations.js';
import { runCli } from './run-cli.js';

await runCli(
  {
    name: 'db:migrate',
    summary:
      'Applies the pending migrations of prisma/migrations, recorded in _prisma_migrations as `prisma migrate deploy` does.',
    database: 'connected',
  },
  async ({ databaseUrl }) => {
    const applied = await applyMigrations(databaseUrl);
    process.stdout.write(
      applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n',
    );
  },
);
