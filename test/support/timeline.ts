import type { CommitmentStatus } from '../../src/generated/prisma/enums.js';
import type { TestApp } from './test-app.js';

export interface TimelineUpdate {
  fromStatus: CommitmentStatus;
  toStatus: CommitmentStatus;
  progress?: number;
  note: string;
  recordedAt: Date;
}

/**
 * Gives a commitment a timeline: a status update resting on one of its evidence articles, then a
 * review recorded now (so it comes first, newest first). The commitment's own status is left as is.
 */
export async function addTimeline(
  t: TestApp,
  slug: string,
  update: TimelineUpdate,
  reviewNote: string,
): Promise<void> {
  const commitment = await t.prisma.commitment.findUniqueOrThrow({ where: { slug } });
  const evidence = await t.prisma.evidence.findFirstOrThrow({
    where: { commitments: { some: { commitmentId: commitment.id } } },
  });
  await t.prisma.statusUpdate.create({
    data: {
      ...update,
      commitmentId: commitment.id,
      effectiveOn: new Date('2022-08-24'),
      actor: 'editor',
      evidence: { create: { evidenceId: evidence.id } },
    },
  });
  await t.prisma.review.create({
    data: { commitmentId: commitment.id, note: reviewNote, actor: 'editor' },
  });
}
