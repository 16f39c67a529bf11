import type { AppConfig } from '../config/app-config.js';
import { openEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { applyMigrations } from './migrations/migrations.js';

/**
 * The PostgreSQL the process talks to: DATABASE_URL when set, else the embedded database in
 * DATA_DIR. Either way the rest of the app sees one `pg` connection string.
 */
export async function connectDatabase(config: AppConfig): Promise<EmbeddedPostgres> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, close: () => Promise.resolve() };
  return openEmbeddedPostgres(config.DATA_DIR);
}

export async function connectAndMigrate(config: AppConfig): Promise<EmbeddedPostgres> {
  const database = await connectDatabase(config);
  await applyMigrations(database.url);
  return database;
}
