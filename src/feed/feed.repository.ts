import { Injectable } from '@nestjs/common';
import { publicCommitmentsWhere } from '../commitments/commitment-filters.js';
import type { Language } from '../common/languages.js';
import type { EventThemeFilterDto } from '../common/query-params.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';

export interface FeedRow {
  id: string;
  fromStatus: CommitmentStatus;
  toStatus: CommitmentStatus;
  progress: number | null;
  note: string;
  recordedAt: Date;
  slug: string;
  title: string;
}

/** Narrows the feed to public commitments of an event or theme, or to one commitment by id. */
export type FeedFilter = EventThemeFilterDto & { commitmentId?: string };

/** The latest status updates of public commitments: one statement. */
export const latestUpdatesSql = (
  { commitmentId, ...filter }: FeedFilter,
  take: number,
  language: Language,
): Prisma.Sql => Prisma.sql`
  SELECT u.id, u.from_status AS "fromStatus", u.to_status AS "toStatus", u.progress, u.note,
    u.recorded_at AS "recordedAt", c.slug, COALESCE((SELECT tr.title FROM commitment_translation tr
      WHERE tr.commitment_id = c.id AND tr.language = ${language}), c.title) AS title
  FROM status_update u JOIN commitment c ON c.id = u.commitment_id
  WHERE ${publicCommitmentsWhere(filter)}
    ${commitmentId ? Prisma.sql`AND c.id = ${commitmentId}::uuid` : Prisma.empty}
  ORDER BY u.recorded_at DESC, u.id DESC
  LIMIT ${take}`;

@Injectable()
export class FeedRepository {
  constructor(private readonly sql: Sql) {}

  /** `language`: the commitments' titles in it, where translated. */
  latest(filter: FeedFilter, take: number, language: Language): Promise<FeedRow[]> {
    return this.sql.rows<FeedRow>(latestUpdatesSql(filter, take, language));
  }
}
