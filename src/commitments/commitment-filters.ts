import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import { OVERDUE, STALE } from './commitment-rules.js';
import { isSlug, isUuid } from '../common/identifiers.js';

/** Where the public id-or-slug of a path points: an id when it looks like one, else a slug. */
export function idOrSlugCondition(idOrSlug: string): Prisma.Sql | null {
  if (isUuid(idOrSlug)) return Prisma.sql`c.id = ${idOrSlug}::uuid`;
  if (isSlug(idOrSlug)) {
    return Prisma.sql`c.slug = ${idOrSlug}`;
  }
  return null;
}

/** What narrows a set of public commitments (`c` is the commitment table in the query). */
export interface CommitmentFilter {
  status?: CommitmentStatus[];
  theme?: string;
  party?: string;
  event?: string;
  stale?: boolean;
  overdue?: boolean;
  q?: string;
  targetBefore?: string;
  targetAfter?: string;
  lineage?: string;
}

/** How many links a lineage filter follows each way: a bound on the recursion. */
export const LINEAGE_MAX_DEPTH = 100;

/**
 * The ids of a commitment's lineage (`lineage` names it by id or slug): it, the earlier ones it
 * repeats and the later ones repeating it, each side by a recursive walk over one index (the
 * primary key for earlier ones, earlier_id's for later ones).
 */
export function lineageIdsSql(start: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`WITH RECURSIVE
    start AS (SELECT c.id FROM commitment c WHERE ${start}),
    earlier (id, depth) AS (
      SELECT id, 0 FROM start
      UNION SELECT l.earlier_id, earlier.depth + 1 FROM commitment_lineage l
        JOIN earlier ON l.later_id = earlier.id WHERE earlier.depth < ${LINEAGE_MAX_DEPTH}),
    later (id, depth) AS (
      SELECT id, 0 FROM start
      UNION SELECT l.later_id, later.depth + 1 FROM commitment_lineage l
        JOIN later ON l.earlier_id = later.id WHERE later.depth < ${LINEAGE_MAX_DEPTH})
    SELECT id FROM earlier UNION SELECT id FROM later`;
}

/**
 * The text-search query of `q`: web-search syntax, or its plain words where PostgreSQL's parser
 * refuses it (the `search_tsquery` function of the migrations), so a search never fails.
 */
export function searchQuery(q: string): Prisma.Sql {
  return Prisma.sql`search_tsquery(${q})`;
}

/**
 * Korean, Chinese and Japanese script. The `english` text search cannot split it into words
 * (Chinese has no spaces, Korean words carry their particles), so a query in it is matched as
 * substrings instead, over the original and every translation (`cjkSearchSql`).
 */
const CJK_SCRIPT = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
export const isCjkQuery = (q: string): boolean => CJK_SCRIPT.test(q);

/** The terms of a substring search: its space-separated words, at most this many. */
const MAX_CJK_TERMS = 8;

/** `%term%` for ILIKE, the term's own `%`, `_` and `\` matched literally. */
export function cjkSearchPatterns(q: string): string[] {
  return q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_CJK_TERMS)
    .map((term) => `%${term.replace(/[\\%_]/g, '\\$&')}%`);
}

/**
 * The text a substring search reads, of a commitment or of a translation (the alias): the same
 * expression as the trigram indexes of the content_translations migration, or they go unused.
 */
export const SEARCH_TEXT = (alias: 'c' | 's' | 'tr'): Prisma.Sql =>
  Prisma.raw(
    `(${alias}.title || ' ' || coalesce(${alias}.summary, '') || ' ' || coalesce(${alias}.quote, ''))`,
  );

/**
 * Commitments (`c`) whose text or a translation's contains every term: per term, the ids from
 * the commitment's trigram index and from its translations' one. As `= ANY(ARRAY(...))`, the ids
 * are looked up by primary key: the planner cannot estimate how few rows a trigram match finds,
 * and as a join it scanned the whole table for them.
 */
export function cjkSearchSql(q: string): Prisma.Sql {
  const terms = cjkSearchPatterns(q).map(
    (pattern) => Prisma.sql`c.id = ANY(ARRAY(
      SELECT s.id FROM commitment s WHERE s.archived = false AND ${SEARCH_TEXT('s')} ILIKE ${pattern}
      UNION
      SELECT tr.commitment_id FROM commitment_translation tr WHERE ${SEARCH_TEXT('tr')} ILIKE ${pattern}))`,
  );
  return terms.length ? Prisma.join(terms, ' AND ') : Prisma.sql`false`;
}

/**
 * How well a commitment (`c`) matches a substring search: the number of terms in its title or
 * a translated title, so title matches come first.
 */
export function cjkRankSql(q: string): Prisma.Sql {
  const inTitle = cjkSearchPatterns(q).map(
    (pattern) => Prisma.sql`(CASE WHEN c.title ILIKE ${pattern} OR EXISTS (
      SELECT 1 FROM commitment_translation tr WHERE tr.commitment_id = c.id AND tr.title ILIKE ${pattern})
      THEN 1 ELSE 0 END)`,
  );
  return Prisma.sql`(${Prisma.join([Prisma.sql`0`, ...inTitle], ' + ')})::real`;
}

/** The WHERE clause of a public read: never archived rows, then each given filter. */
export function publicCommitmentsWhere(filter: CommitmentFilter): Prisma.Sql {
  const conditions = [Prisma.sql`c.archived = false`];
  if (filter.status?.length) {
    // OR-ed equalities rather than IN: the search index (GIN on status and search_vector) can
    // take each equality as its own scan, not an IN list.
    const statuses = filter.status.map(
      (status) => Prisma.sql`c.status = ${status}::"CommitmentStatus"`,
    );
    conditions.push(Prisma.sql`(${Prisma.join(statuses, ' OR ')})`);
  }
  if (filter.theme) {
    conditions.push(Prisma.sql`c.id IN (SELECT ct.commitment_id FROM commitment_theme ct
      JOIN theme t ON t.id = ct.theme_id WHERE t.slug = ${filter.theme})`);
  }
  if (filter.party) {
    conditions.push(Prisma.sql`c.id IN (SELECT cp.commitment_id FROM commitment_party cp
      JOIN party p ON p.id = cp.party_id WHERE p.code = ${filter.party})`);
  }
  if (filter.event) {
    conditions.push(Prisma.sql`c.event_id = (SELECT id FROM event WHERE slug = ${filter.event})`);
  }
  if (filter.stale !== undefined) {
    conditions.push(filter.stale ? STALE : Prisma.sql`NOT ${STALE}`);
  }
  if (filter.overdue !== undefined) {
    conditions.push(filter.overdue ? OVERDUE : Prisma.sql`${OVERDUE} IS NOT TRUE`);
  }
  if (filter.q) {
    conditions.push(
      isCjkQuery(filter.q)
        ? cjkSearchSql(filter.q)
        : Prisma.sql`c.search_vector @@ ${searchQuery(filter.q)}`,
    );
  }
  if (filter.targetBefore) {
    conditions.push(Prisma.sql`c.target_date <= ${filter.targetBefore}::date`);
  }
  if (filter.targetAfter) {
    conditions.push(Prisma.sql`c.target_date >= ${filter.targetAfter}::date`);
  }
  if (filter.lineage) {
    const start = idOrSlugCondition(filter.lineage) ?? Prisma.sql`false`;
    conditions.push(Prisma.sql`c.id IN (${lineageIdsSql(start)})`);
  }
  return Prisma.join(conditions, ' AND ');
}
