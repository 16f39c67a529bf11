import { Injectable } from '@nestjs/common';
import { TERMINAL_STATUSES } from '../commitments/commitment-rules.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

const QUEUE_COLUMNS = {
  id: true,
  slug: true,
  title: true,
  status: true,
  staleSince: true,
  targetDate: true,
  updatedAt: true,
} as const;

export type QueueCommitment = Prisma.CommitmentGetPayload<{ select: typeof QUEUE_COLUMNS }>;

export interface QueueSection {
  total: number;
  items: QueueCommitment[];
}

const LIVE: Prisma.CommitmentWhereInput = { archived: false };
const OPEN: Prisma.CommitmentWhereInput = { ...LIVE, status: { notIn: [...TERMINAL_STATUSES] } };

/** The review queue's reads: each section's first rows (most urgent first) and its total. */
@Injectable()
export class ReviewQueueRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Flagged by stale-check, longest stale first. */
  stale(take: number): Promise<QueueSection> {
    return this.section({ ...LIVE, staleSince: { not: null } }, [{ staleSince: 'asc' }], take);
  }

  /** Open commitments whose target date is before `until`, the earliest first. */
  deadlines(until: Date, take: number): Promise<QueueSection> {
    return this.section({ ...OPEN, targetDate: { lt: until } }, [{ targetDate: 'asc' }], take);
  }

  recentlyChanged(take: number): Promise<QueueSection> {
    return this.section(LIVE, [{ updatedAt: 'desc' }], take);
  }

  private async section(
    where: Prisma.CommitmentWhereInput,
    orderBy: Prisma.CommitmentOrderByWithRelationInput[],
    take: number,
  ): Promise<QueueSection> {
    const [total, items] = await Promise.all([
      this.prisma.commitment.count({ where }),
      this.prisma.commitment.findMany({
        where,
        orderBy: [...orderBy, { id: 'asc' }],
        take,
        select: QUEUE_COLUMNS,
      }),
    ]);
    return { total, items };
  }
}
