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
  if (filter.q) conditions.push(Prisma.sql`c.search_vector @@ ${searchQuery(filter.q)}`);
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
