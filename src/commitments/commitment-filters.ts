import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import { OVERDUE, STALE } from './commitment-rules.js';

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
  return Prisma.join(conditions, ' AND ');
}
