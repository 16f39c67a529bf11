import { execFile, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { loadConfig, type AppConfig } from './config/app-config.js';
import { connectAndMigrate } from './database/database-connection.js';
import { isNewDataFolder } from './database/embedded-postgres.js';
import { PrismaService } from './database/prisma.service.js';
import { JobScheduler } from './jobs/job-scheduler.js';
import { seedOnFirstStart } from './seed/seeder.js';

/** Where a browser on this machine reaches the server: a wildcard address means localhost. */
function listeningUrl(app: NestFastifyApplication, host: string): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/** The database in words, without credentials. */
function describeDatabase(config: AppConfig): { database: string; dataDir?: string } {
  if (!config.DATABASE_URL) {
    const dataDir = path.resolve(config.DATA_DIR);
    return { database: `the embedded database (PGlite) in ${dataDir}`, dataDir };
  }
  const { host, pathname } = new URL(config.DATABASE_URL);
  return { database: `PostgreSQL at ${host}${pathname}` };
}

/**
 * A new install on the embedded database is migrated and seeded by a short-lived child process
 * (src/cli/new-install.ts) before this one opens it: what that work leaves behind in PostgreSQL's
 * WebAssembly memory and in malloc's heap, which are never returned, goes with the child (the
 * server then idles about 10 MB lower, docs/operating.md). Other starts do it in-process below.
 */
async function prepareNewInstall(config: AppConfig): Promise<void> {
  if (config.DATABASE_URL || !config.SEED_ON_START || !isNewDataFolder(config.DATA_DIR)) return;
  const script = fileURLToPath(new URL('./cli/new-install.js', import.meta.url));
  // Before it serves, a signal ends the server at once: the child goes first, so that no
  // process is left holding the data folder. The handlers are in place before the child is
  // started: a signal that arrived while it was being started would otherwise end the server
  // alone. They run on a later turn of the event loop, once `child` is set.
  let child: ChildProcess | undefined;
  const endBoth = (signal: NodeJS.Signals) => {
    child?.kill(signal);
    process.kill(process.pid, signal);
  };
  const signals = ['SIGTERM', 'SIGINT'] as const;
  for (const signal of signals) process.once(signal, endBoth);
  try {
    const prepared = promisify(execFile)(process.execPath, ['--liftoff-only', script]);
    child = prepared.child;
    await prepared;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`Preparing the new database in ${config.DATA_DIR} failed: ${stderr?.trim()}`, {
      cause: error,
    });
  } finally {
    for (const signal of signals) process.removeListener(signal, endBoth);
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await prepareNewInstall(config);
  const database = await connectAndMigrate(config);
  const app = await createApp(config, database.url);
  // Nest closes Fastify after every beforeApplicationShutdown hook (the HTTP drain, the job runs
  // in progress), so the embedded database outlives everything that uses it.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', () => database.close());
  if (config.SEED_ON_START) await seedOnFirstStart(app.get(PrismaService));
  // Until now a SIGTERM ends the process at once: nothing is served, and the seed's transaction
  // rolls back (the next start seeds). From now on it drains requests and job runs, then exits 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.listen({ port: config.PORT, host: config.HOST });

  const url = listeningUrl(app, config.HOST);
  const { database: where, dataDir } = describeDatabase(config);
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      { url, docs: `${url}/api/docs`, embedded: !config.DATABASE_URL, dataDir },
      `Commitment Tracker is listening on ${url} (API docs: ${url}/api/docs), on ${where}`,
    );
  // In the background, once seeded: a new install flags what is stale within the minute.
  void app.get(JobScheduler).catchUp();
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
