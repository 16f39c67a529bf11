import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { emptyStatusCounts, type StatusCounts } from '../common/status-counts.js';
import { OVERDUE, publicCommitmentsWhere, STALE } from '../commitments/commitment-filters.js';
import { PG_POOL } from '../database/prisma.service.js';
import { queryRows } from '../database/raw-query.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';

export interface StatsFilter {
  event?: string;
  theme?: string;
}

export interface Stats {
  byStatus: StatusCounts;
  byTheme: { theme: { slug: string; name: string }; byStatus: StatusCounts }[];
  stale: number;
  overdue: number;
  total: number;
  shareFulfilled: number;
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

/**
 * Counts over the public commitments, two statements. Unfiltered (the dashboard) they read the
 * tallies the database keeps (a few rows, whatever the table's size); filtered by event or theme
 * they count the matching rows, one pass each.
 */
@Injectable()
export class StatsService {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async get(filter: StatsFilter): Promise<Stats> {
    const [statusSql, themeSql] = statsSql(filter);
    const [statusRows, themeRows] = await Promise.all([
      queryRows<StatusRow>(this.pool, statusSql),
      queryRows<ThemeStatusRow>(this.pool, themeSql),
    ]);
    return toStats(statusRows, themeRows);
  }
}

/** The two statements of the stats (the benchmark's baseline server runs them too). */
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

export function toStats(statusRows: StatusRow[], themeRows: ThemeStatusRow[]): Stats {
  const byStatus = emptyStatusCounts();
  for (const row of statusRows) byStatus[row.status] = row.total;
  const total = sum(statusRows.map((row) => row.total));
  return {
    byStatus,
    byTheme: groupByTheme(themeRows),
    stale: sum(statusRows.map((row) => row.stale)),
    overdue: sum(statusRows.map((row) => row.overdue)),
    total,
    shareFulfilled: total === 0 ? 0 : byStatus.FULFILLED / total,
  };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

function groupByTheme(rows: ThemeStatusRow[]): Stats['byTheme'] {
  const themes = new Map<string, Stats['byTheme'][number]>();
  for (const row of rows) {
    const entry = themes.get(row.slug) ?? {
      theme: { slug: row.slug, name: row.name },
      byStatus: emptyStatusCounts(),
    };
    if (row.status) entry.byStatus[row.status] = row.total;
    themes.set(row.slug, entry);
  }
  return [...themes.values()];
}
