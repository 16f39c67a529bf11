import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import { PG_POOL } from './prisma.service.js';
import { queryRows } from './raw-query.js';

/** A statement run inside a write's transaction, for code that is handed only the transaction. */
export function rowsWithin<Row>(
  tx: Prisma.TransactionClient,
  statement: Prisma.Sql,
): Promise<Row[]> {
  return tx.$queryRaw<Row[]>(statement);
}

/**
 * The one way a repository runs hand-written SQL: a `Prisma.sql` statement built by an exported
 * function (so src/queries/queries.spec.ts can render it), run on the pool or inside a write's
 * transaction. On the pool it skips Prisma's per-query work, a third of a hot read's CPU; both
 * give the same row shapes for the types the statements select (test/raw-reads pins them).
 * Plain CRUD goes through the Prisma API instead.
 */
@Injectable()
export class Sql {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  rows<Row>(statement: Prisma.Sql, tx?: Prisma.TransactionClient): Promise<Row[]> {
    return tx ? rowsWithin<Row>(tx, statement) : queryRows<Row>(this.pool, statement);
  }

  async row<Row>(statement: Prisma.Sql, tx?: Prisma.TransactionClient): Promise<Row> {
    const [row] = await this.rows<Row>(statement, tx);
    return row;
  }
}
