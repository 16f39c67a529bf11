import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL, PrismaService } from './prisma.service.js';

export interface DatabaseOptions {
  url: string;
}

function createPool(url: string, config: AppConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.DB_POOL_SIZE,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    // The server enforces statement_timeout only while it can be reached: a partitioned
    // network would hold the request forever without a client-side bound too.
    query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 1000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away must not crash the process; the pool replaces it.
  const logger = new Logger('Database');
  pool.on('error', (error) => logger.warn(`idle connection lost: ${error.message}`));
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
      ],
      exports: [PG_POOL, PrismaService],
    };
  }
}
