import { loadConfig } from '../config/app-config.js';
import { connectAndMigrate } from '../database/database-connection.js';
import { seedOnFirstStart } from '../seed/seeder.js';
import { withPrisma } from './run-cli.js';

/**
 * Run by the server (src/main.ts) on a new install on the embedded database, before it opens the
 * data folder: migrates and seeds it, then exits, taking the memory the work left behind with it.
 * A failure is one line on standard error, which the server reports.
 */
async function prepareNewInstall(): Promise<void> {
  const database = await connectAndMigrate(loadConfig());
  try {
    await withPrisma(database.url, seedOnFirstStart);
  } finally {
    await database.close();
  }
}

await prepareNewInstall().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
