import { applyMigrations } from '../database/migrations/migrations.js';
import { connectDatabase } from '../database/database-connection.js';
import { loadConfig } from '../config/app-config.js';

/** `npm run db:migrate`: applies pending migrations, as `prisma migrate deploy` does. */
try {
  const database = await connectDatabase(loadConfig());
  try {
    const applied = await applyMigrations(database.url);
    process.stdout.write(
      applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n',
    );
  } finally {
    await database.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
