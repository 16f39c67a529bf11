import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

export const COMMITMENT_INCLUDE = {
  event: { select: { slug: true, title: true, heldOn: true } },
  parties: {
    select: {
      role: true,
      party: { select: { code: true, name: true, nameKo: true, nameZh: true } },
    },
    orderBy: [{ role: 'asc' }, { party: { code: 'asc' } }],
  },
  themes: {
    select: { theme: { select: { slug: true, name: true } } },
    orderBy: { theme: { slug: 'asc' } },
  },
} satisfies Prisma.CommitmentInclude;

export type CommitmentRow = Prisma.CommitmentGetPayload<{ include: typeof COMMITMENT_INCLUDE }>;
export type CommitmentDetailRow = CommitmentRow & {
  _count: { statusUpdates: number; evidenceLinks: number };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The only code that reads commitments from the database. */
@Injectable()
export class CommitmentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest change first; the keyset is (updatedAt, id). */
  findPage(limit: number, after?: { updatedAt: Date; id: string }): Promise<CommitmentRow[]> {
    return this.prisma.commitment.findMany({
      where: {
        archived: false,
        ...(after && {
          OR: [
            { updatedAt: { lt: after.updatedAt } },
            { updatedAt: after.updatedAt, id: { lt: after.id } },
          ],
        }),
      },
      include: COMMITMENT_INCLUDE,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }

  findPublicByIdOrSlug(idOrSlug: string): Promise<CommitmentDetailRow | null> {
    const key = UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
    return this.prisma.commitment.findFirst({
      where: { ...key, archived: false },
      include: {
        ...COMMITMENT_INCLUDE,
        _count: { select: { statusUpdates: true, evidenceLinks: true } },
      },
    });
  }
}
