import { Injectable } from '@nestjs/common';
import {
  StatsRepository,
  type StatsFilter,
  type StatusRow,
  type ThemeStatusRow,
} from './stats.repository.js';
import { emptyStatusCounts, type StatusCounts } from '../common/status-counts.js';

export interface Stats {
  byStatus: StatusCounts;
  byTheme: { theme: { slug: string; name: string }; byStatus: StatusCounts }[];
  stale: number;
  overdue: number;
  total: number;
  shareFulfilled: number;
}

/** The dashboard's counts: by status, by theme and status, stale, overdue, share fulfilled. */
@Injectable()
export class StatsService {
  constructor(private readonly stats: StatsRepository) {}

  async get(filter: StatsFilter): Promise<Stats> {
    const [statusRows, themeRows] = await this.stats.counts(filter);
    return toStats(statusRows, themeRows);
  }
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
