import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export const PG_POOL = Symbol('PG_POOL');

/**
 * The one Prisma client of the process, over the shared `pg` pool. The pool closes at
 * application shutdown, after the HTTP server has drained (see common/graceful-shutdown.ts).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {
    super({
      adapter: new PrismaPg(pool, { disposeExternalPool: false }),
      // A transaction waits for a connection as long as any query does (DB_CONNECT_TIMEOUT_MS),
      // not Prisma's own 2 s, so a burst of writes on a small pool (the embedded database has
      // one connection) queues; one that still waits too long is answered 503.
      transactionOptions: { maxWait: pool.options.connectionTimeoutMillis || undefined },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}
