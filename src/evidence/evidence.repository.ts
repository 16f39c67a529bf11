import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { CommitmentEvidence, Evidence, Prisma } from '../generated/prisma/client.js';
import type { EvidenceStance } from '../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

const ARTICLE_COMMITMENTS = {
  commitments: {
    select: { stance: true, commitment: { select: { slug: true, title: true, archived: true } } },
  },
} satisfies Prisma.EvidenceInclude;

/** Evidence articles and their links to commitments. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The id of the article with this (normalized) URL, if any. */
  async idOfUrl(url: string): Promise<string | null> {
    const row = await this.prisma.evidence.findUnique({ where: { url }, select: { id: true } });
    return row?.id ?? null;
  }

  async exists(tx: Tx, id: string): Promise<boolean> {
    return (await tx.evidence.findUnique({ where: { id }, select: { id: true } })) !== null;
  }

  /** Articles whose title, URL or publisher contains the text (all when empty), newest first. */
  search(text: string, take: number) {
    const contains = { contains: text, mode: 'insensitive' as const };
    return this.prisma.evidence.findMany({
      where: text ? { OR: [{ title: contains }, { url: contains }, { publisher: contains }] } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      include: ARTICLE_COMMITMENTS,
    });
  }

  /** An article with the commitments it is linked to. */
  findWithCommitments(id: string) {
    return this.prisma.evidence.findUnique({ where: { id }, include: ARTICLE_COMMITMENTS });
  }

  find(tx: Tx, id: string): Promise<Evidence | null> {
    return tx.evidence.findUnique({ where: { id } });
  }

  create(tx: Tx, data: Prisma.EvidenceUncheckedCreateInput): Promise<Evidence> {
    return tx.evidence.create({ data });
  }

  update(tx: Tx, id: string, data: Prisma.EvidenceUncheckedUpdateInput): Promise<Evidence> {
    return tx.evidence.update({ where: { id }, data });
  }

  link(tx: Tx, data: Prisma.CommitmentEvidenceUncheckedCreateInput): Promise<CommitmentEvidence> {
    return tx.commitmentEvidence.create({ data });
  }

  /** The link before and after its stance changed, or null when there is no such link. */
  async changeStance(
    tx: Tx,
    commitmentId: string,
    { evidenceId, stance }: { evidenceId: string; stance: EvidenceStance },
  ): Promise<{ before: CommitmentEvidence; after: CommitmentEvidence } | null> {
    const key = { commitmentId_evidenceId: { commitmentId, evidenceId } };
    const before = await tx.commitmentEvidence.findUnique({ where: key });
    if (!before) return null;
    return { before, after: await tx.commitmentEvidence.update({ where: key, data: { stance } }) };
  }

  /** The removed link, or null when there was none. */
  async unlink(
    tx: Tx,
    commitmentId: string,
    evidenceId: string,
  ): Promise<CommitmentEvidence | null> {
    const key = { commitmentId_evidenceId: { commitmentId, evidenceId } };
    const link = await tx.commitmentEvidence.findUnique({ where: key });
    if (link) await tx.commitmentEvidence.delete({ where: key });
    return link;
  }
}
