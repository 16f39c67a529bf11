import pg from 'pg';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { connectAndMigrate } from '../database/database-connection.js';
import { PrismaService } from '../database/prisma.service.js';

export interface CliContext {
  config: AppConfig;
  databaseUrl: string;
}

/**
 * Runs a command-line task on the configured database (DATABASE_URL, or the embedded one, also
 * while the server holds it), migrated first. Prints the error and exits 1 on failure.
 */
export async function runCli(task: (context: CliContext) => Promise<void>): Promise<void> {
  try {
    const config = loadConfig();
    const database = await connectAndMigrate(config);
    try {
      await task({ config, databaseUrl: database.url });
    } finally {
      await database.close();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** A Prisma client for one script, closed (with its pool) after the work. */
export async function withPrisma<T>(
  databaseUrl: string,
  work: (prisma: PrismaService) => Promise<T>,
): Promise<T> {
  const prisma = new PrismaService(new pg.Pool({ connectionString: databaseUrl, max: 2 }));
  try {
    return await work(prisma);
  } finally {
    await prisma.onApplicationShutdown();
  }
}
