import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';

const DATE_OID = 1082;

/** Calendar dates as UTC midnights, as Prisma's adapter gives them; every other type as pg does. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === DATE_OID) return (value) => new Date(`${value}T00:00:00Z`);
  return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
}
const RAW_TYPES = { getTypeParser };

/**
 * Runs a `Prisma.sql` statement straight on the pool, giving the rows `$queryRaw` gives for the
 * column types the read paths select (a test pins this). The hot public reads use it: Prisma's
 * per-query work (its query compiler and result conversion) was a third of their CPU time.
 */
export async function queryRows<Row>(pool: pg.Pool, sql: Prisma.Sql): Promise<Row[]> {
  const result = await pool.query<Row & pg.QueryResultRow>({
    text: sql.text,
    values: sql.values,
    types: RAW_TYPES,
  });
  return result.rows;
}
