import { toIsoDate } from '../common/dates.js';
import { isStale } from './commitment-rules.js';
import type { CommitmentRow, CommitmentDetailRow } from './commitment-row.js';
import type { CommitmentDetailDto, CommitmentDto } from './dto/commitment.dto.js';

export function toCommitmentDto(row: CommitmentRow): CommitmentDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    quote: row.quote,
    status: row.status,
    progress: row.progress,
    stale: isStale(row),
    staleSince: row.staleSince?.toISOString() ?? null,
    lastReviewedAt: row.lastReviewedAt?.toISOString() ?? null,
    madeOn: toIsoDate(row.madeOn),
    targetDate: toIsoDate(row.targetDate),
    reviewIntervalDays: row.reviewIntervalDays,
    version: row.version,
    event: { slug: row.event.slug, title: row.event.title, heldOn: toIsoDate(row.event.heldOn) },
    parties: row.parties.map(({ role, party }) => ({ ...party, role })),
    themes: row.themes.map(({ theme }) => theme),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toCommitmentDetailDto(row: CommitmentDetailRow): CommitmentDetailDto {
  return {
    ...toCommitmentDto(row),
    updatesCount: row._count.statusUpdates,
    evidenceCount: row._count.evidenceLinks,
    earlier: row.earlier,
    later: row.later,
  };
}
