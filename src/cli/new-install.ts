import { loadConfig } from '../config/app-config.js';
import { connectAndMigrate } from '../database/database-connection.js';
import { seedOnFirstStart } from '../seed/seeder.js';
import { withPrisma } from './run-cli.js';

/**
 * Run by the server (src/main.ts) on a new install on the embedded database, before it opens the
 * data folder: migrates and seeds it, then exits, taking the memory the work left behind with it.
 */
const config = loadConfig();
const database = await connectAndMigrate(config);
try {
  await withPrisma(database.url, seedOnFirstStart);
} finally {
  await database.close();
}
