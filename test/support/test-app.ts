import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { createApp, type AppOptions } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { TcpProxy } from './tcp-proxy.js';
import { createTestDatabase, serverUrl, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: Server;
  prisma: PrismaService;
  config: AppConfig;
  database: TestDatabase;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** The Strategic Dialogue seeded on top of the schema (by default). */
  seed?: boolean;
  env?: Record<string, string>;
  /** Where the app connects, given its database's URL (e.g. through a TCP proxy). */
  connectVia?: (databaseUrl: string) => string | Promise<string>;
  /** Another instance on this database (the first app's). */
  databaseUrl?: string;
  /** Where the app logs (with env LOG_LEVEL set: tests log nothing by default). */
  logDestination?: AppOptions['logDestination'];
}

/** The real app on its own migrated (and by default seeded) database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase((options.seed ?? true) ? 'seeded' : 'migrated');
  const appUrl = options.connectVia ? await options.connectVia(database.url) : database.url;
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_ON_START: 'false',
    // PGlite is one session: its socket server interleaves the protocol messages of concurrent
    // connections, so concurrent requests are only safe over a single connection.
    ...(serverUrl() ? {} : { DB_POOL_SIZE: '1' }),
    // Suites make many requests from one address; the rate-limit test sets its own low limit.
    RATE_LIMIT_MAX: '1000000',
    JOBS_SCHEDULE_ENABLED: 'false',
    // Jobs run their batches back to back: the pause between them is src/jobs' unit test's.
    JOB_YIELD_RATIO: '0',
    ...options.env,
    DATABASE_URL: appUrl,
  });
  const app = await createApp(config, appUrl, { logDestination: options.logDestination });
  await app.getHttpAdapter().getInstance().ready();
  const prisma = app.get(PrismaService);
  return {
    app,
    http: app.getHttpServer(),
    prisma,
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface ProxiedTestApp extends TestApp {
  /** Between the app and its database: cut, blackhole or partition the connections. */
  proxy: TcpProxy;
}

/** The real app, connected to its database through a TCP proxy the test controls. */
export async function createProxiedTestApp(
  options: Omit<TestAppOptions, 'connectVia'> = {},
): Promise<ProxiedTestApp> {
  let proxy: TcpProxy | undefined;
  const t = await createTestApp({
    ...options,
    connectVia: async (url) => {
      const started = await TcpProxy.start(url);
      proxy = started.proxy;
      return started.url;
    },
  });
  const through = proxy as TcpProxy;
  return {
    ...t,
    proxy: through,
    close: async () => {
      through.restore();
      await t.close();
      await through.stop();
    },
  };
}
