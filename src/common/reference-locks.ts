import { rowsWithin } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';

/** The reference-data tables and the column that addresses a row of each. */
const KEY_COLUMNS = { event: 'slug', party: 'code', theme: 'slug' } as const;

export type ReferenceTable = keyof typeof KEY_COLUMNS;

/**
 * Archiving an event, party or theme and attaching it to a commitment must not both succeed. Both
 * lock the row before they decide, until their transaction ends:
 * - attaching takes FOR SHARE, so writers attaching the same row do not wait for each other, but
 *   its `archived` flag cannot change under them (FOR KEY SHARE, which the foreign key check takes
 *   anyway, would let the archiving UPDATE through: it changes no key);
 * - archiving takes FOR UPDATE before it counts the live commitments using the row.
 * Whoever locks first wins. Under READ COMMITTED the other, once the lock is free, reads what the
 * winner committed: an attach no longer finds the row live (400), an archive counts the new user (409).
 */
const LOCKS = { attach: Prisma.raw('FOR SHARE'), archive: Prisma.raw('FOR UPDATE') };

/** The live (unarchived) rows of `table` with these keys, locked for `purpose`. */
export function lockLiveReferencesSql(
  table: ReferenceTable,
  keys: string[],
  purpose: keyof typeof LOCKS,
): Prisma.Sql {
  const column = Prisma.raw(KEY_COLUMNS[table]);
  // In id order, so that transactions locking several rows take them in the same order.
  return Prisma.sql`
    SELECT id, ${column} AS key FROM ${Prisma.raw(table)}
    WHERE ${column} = ANY(${keys}::text[]) AND NOT archived
    ORDER BY id ${LOCKS[purpose]}`;
}

export function lockLiveReferences(
  tx: Prisma.TransactionClient,
  table: ReferenceTable,
  keys: string[],
  purpose: keyof typeof LOCKS,
): Promise<{ id: string; key: string }[]> {
  return rowsWithin<{ id: string; key: string }>(tx, lockLiveReferencesSql(table, keys, purpose));
}
