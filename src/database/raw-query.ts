import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;

/** `YYYY-MM-DD HH:MM:SS[.f{1,3}]+00`: PostgreSQL's ISO output of a timestamptz in a UTC session. */
const UTC_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,3})?\+00$/;

function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
}

/**
 * A UTC timestamptz read digit by digit: pg's parser (postgres-date) builds a regex match of
 * ten strings per value, about a tenth of what a list request allocates. Any other shape (an
 * offset, microseconds, BC, infinity) goes to pg's parser.
 */
export function parseTimestamptz(text: string): Date {
  const year = digitsAt(text, 0, 4);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (!UTC_TIMESTAMP.test(text) || year < 100) return pgTimestamptz(text);
  const fraction = text.length - 3 - 20; // digits after "SS." before "+00", or -1 without them
  const milliseconds = fraction > 0 ? digitsAt(text, 20, 20 + fraction) * 10 ** (3 - fraction) : 0;
  return new Date(
    Date.UTC(
      year,
      digitsAt(text, 5, 7) - 1,
      digitsAt(text, 8, 10),
      digitsAt(text, 11, 13),
      digitsAt(text, 14, 16),
      digitsAt(text, 17, 19),
      milliseconds,
    ),
  );
}
const pgTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

/** Calendar dates as UTC midnights, as Prisma's adapter gives them; every other type as pg does. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === DATE_OID) return (value) => new Date(`${value}T00:00:00Z`);
  if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
  return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
}
const RAW_TYPES = { getTypeParser };

/**
 * Runs a `Prisma.sql` statement straight on the pool, giving the rows `$queryRaw` gives for the
 * column types the read paths select (a test pins this). The hot public reads use it: Prisma's
 * per-query work (its query compiler and result conversion) was a third of their CPU time.
 */
export async function queryRows<Row>(
  pool: pg.Pool | pg.PoolClient,
  sql: Prisma.Sql,
): Promise<Row[]> {
  const result = await pool.query<Row & pg.QueryResultRow>({
    text: sql.text,
    values: sql.values,
    types: RAW_TYPES,
  });
  return result.rows;
}
