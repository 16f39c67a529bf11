import { Injectable } from '@nestjs/common';
import { publicCommitmentsWhere } from '../commitments/commitment-filters.js';
import { OVERDUE, STALE } from '../commitments/commitment-rules.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';

export interface StatsFilter {
  event?: string;
  theme?: string;
}

export interface StatusRow {
  status: CommitmentStatus;
  total: number;
  stale: number;
  overdue: number;
}

export interface ThemeStatusRow {
  slug: string;
  name: string;
  status: CommitmentStatus | null;
  total: number;
}

/** The two statements of the stats: from the tallies unfiltered, counted when filtered. */
export function statsSql(filter: StatsFilter): [Prisma.Sql, Prisma.Sql] {
  return filter.event || filter.theme ? countedStatsSql(filter) : TALLIED_STATS_SQL;
}

/** The stats as kept by the tally triggers (see the stats_tallies migration). */
export const TALLIED_STATS_SQL: [Prisma.Sql, Prisma.Sql] = [
  Prisma.sql`
    SELECT s.status, s.total, s.stale, COALESCE(o.overdue, 0)::int AS overdue
    FROM (
      SELECT status, sum(total)::int AS total,
        COALESCE(sum(total) FILTER (WHERE stale), 0)::int AS stale
      FROM commitment_tally GROUP BY status
    ) s
    LEFT JOIN (
      SELECT status, sum(total)::int AS overdue FROM (
        SELECT status, total FROM target_month_tally
        WHERE target_month < date_trunc('month', CURRENT_DATE)
        UNION ALL
        SELECT status, total FROM target_date_tally
        WHERE target_date >= date_trunc('month', CURRENT_DATE) AND target_date < CURRENT_DATE
      ) due GROUP BY status
    ) o USING (status)`,
  Prisma.sql`
    SELECT t.slug, t.name, tt.status, COALESCE(tt.total, 0) AS total
    FROM theme t LEFT JOIN theme_tally tt ON tt.theme_id = t.id
    WHERE t.archived = false
    ORDER BY t.name, t.slug, tt.status`,
];

/** The stats counted from the commitments matching `filter`. */
export function countedStatsSql(filter: StatsFilter): [Prisma.Sql, Prisma.Sql] {
  const where = publicCommitmentsWhere(filter);
  return [
    Prisma.sql`
      SELECT c.status, count(*)::int AS total,
        count(*) FILTER (WHERE ${STALE})::int AS stale,
        count(*) FILTER (WHERE ${OVERDUE})::int AS overdue
      FROM commitment c WHERE ${where} GROUP BY c.status`,
    // Counted per theme id first (a hash aggregate), named after: no sort of every matching row.
    Prisma.sql`
      SELECT t.slug, t.name, m.status, COALESCE(m.total, 0) AS total
      FROM theme t
      LEFT JOIN (
        SELECT ct.theme_id, c.status, count(*)::int AS total
        FROM commitment c JOIN commitment_theme ct ON ct.commitment_id = c.id
        WHERE ${where}
        GROUP BY ct.theme_id, c.status
      ) m ON m.theme_id = t.id
      WHERE t.archived = false
      ORDER BY t.name, t.slug, m.status`,
  ];
}

/**
 * Counts over the public commitments, two statements. Unfiltered (the dashboard) they read the
 * tallies the database keeps (a few rows, whatever the table's size); filtered by event or theme
 * they count the matching rows, one pass each.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly sql: Sql) {}

  counts(filter: StatsFilter): Promise<[StatusRow[], ThemeStatusRow[]]> {
    const [statusSql, themeSql] = statsSql(filter);
    return Promise.all([
      this.sql.rows<StatusRow>(statusSql),
      this.sql.rows<ThemeStatusRow>(themeSql),
    ]);
  }
}
