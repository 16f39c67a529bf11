import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL, PrismaService } from './prisma.service.js';
import { closeSilentConnections } from './silent-server.js';
import { Sql } from './sql.js';

export interface DatabaseOptions {
  url: string;
}

function createPool(url: string, config: AppConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.DB_POOL_SIZE,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // A second past statement_timeout: while the server can be reached, its answer comes first.
  closeSilentConnections(pool, config.DB_STATEMENT_TIMEOUT_MS + 1000);
  // A connection whose server went away emits 'error', and an 'error' nobody listens to stops
  // the process: idle ones are the pool's (it replaces them), but a connection checked out
  // between two queries of a transaction has no listener of its own. Every connection gets
  // one for its whole life; the holder's next query then fails and is answered 503.
  const logger = new Logger('Database');
  const connectionLost = (error: Error) => logger.warn(`connection lost: ${error.message}`);
  pool.on('connect', (client) => client.on('error', connectionLost));
  pool.on('error', () => undefined);
  return pool;
}

/** The single place where database access is set up: one pool, one Prisma client. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: PG_POOL,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => createPool(options.url, config),
        },
        PrismaService,
        Sql,
      ],
      exports: [PG_POOL, PrismaService, Sql],
    };
  }
}
