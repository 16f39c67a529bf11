import { Injectable } from '@nestjs/common';
import { emptyStatusCounts, type StatusCounts } from '../common/status-counts.js';
import { OVERDUE, publicCommitmentsWhere, STALE } from '../commitments/commitment-filters.js';
import { PrismaService } from '../database/prisma.service.js';
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

interface StatusRow {
  status: CommitmentStatus;
  total: number;
  stale: number;
  overdue: number;
}

interface ThemeStatusRow {
  slug: string;
  name: string;
  status: CommitmentStatus | null;
  total: number;
}

/** Counts over the public commitments: two statements, each one pass over the matching rows. */
@Injectable()
export class StatsService {
  constructor(private readonly prisma: PrismaService) {}

  async get(filter: StatsFilter): Promise<Stats> {
    const where = publicCommitmentsWhere(filter);
    const [statusRows, themeRows] = await Promise.all([
      this.prisma.$queryRaw<StatusRow[]>`
        SELECT c.status, count(*)::int AS total,
          count(*) FILTER (WHERE ${STALE})::int AS stale,
          count(*) FILTER (WHERE ${OVERDUE})::int AS overdue
        FROM commitment c WHERE ${where} GROUP BY c.status`,
      this.prisma.$queryRaw<ThemeStatusRow[]>`
        SELECT t.slug, t.name, m.status, count(m.id)::int AS total
        FROM theme t
        LEFT JOIN (
          SELECT ct.theme_id, c.id, c.status
          FROM commitment c JOIN commitment_theme ct ON ct.commitment_id = c.id
          WHERE ${where}
        ) m ON m.theme_id = t.id
        WHERE t.archived = false
        GROUP BY t.slug, t.name, m.status
        ORDER BY t.name, t.slug`,
    ]);
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
