import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { PrismaService } from '../database/prisma.service.js';
import type { CommitmentStatus, EvidenceStance } from '../generated/prisma/enums.js';

/** Bounds a page's timeline: a pledge reviewed monthly for 16 years fits. */
const MAX_TIMELINE_ENTRIES = 200;

export interface EvidenceSummary {
  url: string;
  title: string;
  publisher: string | null;
  publishedOn: string | null;
}

export interface LinkedEvidence extends EvidenceSummary {
  stance: EvidenceStance;
  excerpt: string | null;
  note: string | null;
}

export type TimelineEntry =
  | {
      kind: 'update';
      at: string;
      effectiveOn: string;
      fromStatus: CommitmentStatus;
      toStatus: CommitmentStatus;
      progress: number | null;
      note: string;
      evidence: EvidenceSummary[];
    }
  | { kind: 'review'; at: string; note: string };

const EVIDENCE_SUMMARY = { url: true, title: true, publisher: true, publishedOn: true } as const;

function toEvidenceSummary(evidence: {
  url: string;
  title: string;
  publisher: string | null;
  publishedOn: Date | null;
}): EvidenceSummary {
  return { ...evidence, publishedOn: toIsoDate(evidence.publishedOn) };
}

/** A commitment's history as the public website shows it: status updates, reviews, evidence. */
@Injectable()
export class CommitmentTimelineService {
  constructor(private readonly prisma: PrismaService) {}

  /** Status updates and reviews, newest recorded first. */
  async timeline(commitmentId: string): Promise<TimelineEntry[]> {
    const [updates, reviews] = await Promise.all([
      this.prisma.statusUpdate.findMany({
        where: { commitmentId },
        include: { evidence: { select: { evidence: { select: EVIDENCE_SUMMARY } } } },
        orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
        take: MAX_TIMELINE_ENTRIES,
      }),
      this.prisma.review.findMany({
        where: { commitmentId },
        orderBy: { reviewedAt: 'desc' },
        take: MAX_TIMELINE_ENTRIES,
      }),
    ]);
    const entries: TimelineEntry[] = [
      ...updates.map((update) => ({
        kind: 'update' as const,
        at: update.recordedAt.toISOString(),
        effectiveOn: toIsoDate(update.effectiveOn),
        fromStatus: update.fromStatus,
        toStatus: update.toStatus,
        progress: update.progress,
        note: update.note,
        evidence: update.evidence.map(({ evidence }) => toEvidenceSummary(evidence)),
      })),
      ...reviews.map((review) => ({
        kind: 'review' as const,
        at: review.reviewedAt.toISOString(),
        note: review.note,
      })),
    ];
    return entries.sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_TIMELINE_ENTRIES);
  }

  /** Evidence linked to the commitment, newest publication first. */
  async evidence(commitmentId: string): Promise<LinkedEvidence[]> {
    const links = await this.prisma.commitmentEvidence.findMany({
      where: { commitmentId },
      include: { evidence: { select: { ...EVIDENCE_SUMMARY, excerpt: true } } },
      orderBy: [
        { evidence: { publishedOn: { sort: 'desc', nulls: 'last' } } },
        { createdAt: 'asc' },
      ],
    });
    return links.map(({ stance, note, evidence }) => ({
      ...toEvidenceSummary(evidence),
      excerpt: evidence.excerpt,
      stance,
      note,
    }));
  }
}
