import { isInstant, toIsoDate } from '../common/dates.js';
import { decodeCursor, malformedCursor, type CursorValues } from '../common/pagination.js';
import { Prisma } from '../generated/prisma/client.js';
import { cjkRankSql, isCjkQuery, searchQuery } from './commitment-filters.js';
import { UUID_PATTERN } from '../common/identifiers.js';
import type { SortableCommitmentRow } from './commitment-row.js';
import type { CommitmentSort } from './dto/list-commitments-query.dto.js';

/** One order of the list. Each is served by an index (docs/contributing.md) and ends with `id`. */
export interface SortOrder {
  name: string;
  /** The sort expression; the keyset is (key, id). */
  key: Prisma.Sql;
  keyType: 'timestamptz' | 'date' | 'text' | 'real';
  descending: boolean;
  keyOf: (row: SortableCommitmentRow) => string | number;
  isValidKey: (value: unknown) => boolean;
  /** The id the keyset ends with: `c.id` unless the rows come from another table. */
  id?: Prisma.Sql;
  /**
   * The same order read from the search terms (`s`, see the search_terms migration), for a
   * search of one word: each term row holds the rank that word gives its commitment.
   */
  byTerm?: SortOrder;
}

const isDate = (value: unknown): boolean =>
  typeof value === 'string' &&
  /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(value) &&
  toIsoDate(new Date(`${value}T00:00:00Z`)) === value;
/** A number PostgreSQL's `real` holds: not one that overflows it, nor underflows it to zero. */
const isReal = (value: unknown): boolean =>
  typeof value === 'number' &&
  Number.isFinite(Math.fround(value)) &&
  (value === 0 || Math.fround(value) !== 0);
const isText = (value: unknown): boolean =>
  typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');

function orderOf(field: string, descending: boolean): Omit<SortOrder, 'name' | 'descending'> {
  switch (field) {
    case 'updatedAt':
      return {
        key: Prisma.sql`c.updated_at`,
        keyType: 'timestamptz',
        keyOf: (row) => row.updatedAt.toISOString(),
        isValidKey: isInstant,
      };
    case 'madeOn':
      return {
        key: Prisma.sql`c.made_on`,
        keyType: 'date',
        keyOf: (row) => toIsoDate(row.madeOn),
        isValidKey: isDate,
      };
    case 'title':
      return {
        key: Prisma.sql`c.title`,
        keyType: 'text',
        keyOf: (row) => row.title,
        isValidKey: isText,
      };
    default: {
      // Missing target dates come last either way: they sort as the far end of time.
      const missing = descending ? '-infinity' : 'infinity';
      return {
        key: descending
          ? Prisma.sql`COALESCE(c.target_date, '-infinity'::date)`
          : Prisma.sql`COALESCE(c.target_date, 'infinity'::date)`,
        keyType: 'date',
        keyOf: (row) => (row.targetDate ? toIsoDate(row.targetDate) : missing),
        isValidKey: (value) => value === missing || isDate(value),
      };
    }
  }
}

export function sortOrder(sort: CommitmentSort): SortOrder {
  const descending = sort.startsWith('-');
  return { name: sort, descending, ...orderOf(sort.replace(/^-/, ''), descending) };
}

/** Best match first: `q` without an explicit sort. */
export function relevanceOrder(q: string): SortOrder {
  const order: SortOrder = {
    name: 'relevance',
    key: isCjkQuery(q) ? cjkRankSql(q) : Prisma.sql`ts_rank(c.search_vector, ${searchQuery(q)})`,
    keyType: 'real',
    descending: true,
    keyOf: (row) => Number(row.sortKey),
    isValidKey: isReal,
  };
  // Korean and Chinese match substrings, which have no search terms: ranked over the matches.
  if (isCjkQuery(q)) return order;
  return {
    ...order,
    byTerm: { ...order, key: Prisma.sql`s.rank`, id: Prisma.sql`s.commitment_id` },
  };
}

export type Keyset = { key: string | number; id: string };

export function cursorValues(order: SortOrder, row: SortableCommitmentRow): CursorValues {
  return [order.name, order.keyOf(row), row.id];
}

/** A cursor is only valid for the order that made it, and only with well-formed values. */
export function keysetFromCursor(order: SortOrder, cursor: string): Keyset {
  const [name, key, id] = decodeCursor(cursor, 3);
  if (
    name === order.name &&
    order.isValidKey(key) &&
    typeof id === 'string' &&
    UUID_PATTERN.test(id)
  ) {
    return { key: key as string | number, id };
  }
  throw malformedCursor();
}

export function orderByClause(order: SortOrder): Prisma.Sql {
  const direction = Prisma.raw(order.descending ? 'DESC' : 'ASC');
  return Prisma.sql`ORDER BY ${order.key} ${direction}, ${idOf(order)} ${direction}`;
}

/** The id column an order ends with. */
export const idOf = (order: SortOrder): Prisma.Sql => order.id ?? Prisma.sql`c.id`;

/** Rows strictly after the keyset in this order: one row comparison, so one index range. */
export function afterKeyset(order: SortOrder, after: Keyset): Prisma.Sql {
  const comparison = Prisma.raw(order.descending ? '<' : '>');
  const keyType = Prisma.raw(order.keyType);
  return Prisma.sql`(${order.key}, ${idOf(order)}) ${comparison} (${after.key}::${keyType}, ${after.id}::uuid)`;
}
