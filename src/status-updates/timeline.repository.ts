import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

export interface NewStatusUpdate {
  commitmentId: string;
  fromStatus: CommitmentStatus;
  toStatus: CommitmentStatus;
  progress: number | null;
  note: string;
  effectiveOn: Date;
  recordedAt: Date;
  actor: string;
  apiKeyId: string | null;
  evidenceIds: string[];
}

export interface NewReview {
  commitmentId: string;
  note: string;
  reviewedAt: Date;
  actor: string;
  apiKeyId: string | null;
}

/** A commitment's timeline rows (status updates with their evidence, and reviews): appended only. */
@Injectable()
export class TimelineRepository {
  async insertUpdate(tx: Tx, { evidenceIds, ...update }: NewStatusUpdate): Promise<string> {
    const { id } = await tx.statusUpdate.create({
      data: { ...update, evidence: { create: evidenceIds.map((evidenceId) => ({ evidenceId })) } },
      select: { id: true },
    });
    return id;
  }

  async insertReview(tx: Tx, review: NewReview): Promise<string> {
    const { id } = await tx.review.create({ data: review, select: { id: true } });
    return id;
  }

  /** The ids among these that name no evidence. */
  async unknownEvidence(tx: Tx, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const found = await tx.evidence.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const known = new Set(found.map((row) => row.id));
    return ids.filter((id) => !known.has(id));
  }
}
