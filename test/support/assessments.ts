import type { TestApp } from './test-app.js';

export interface SeededAssessment {
  score: -1 | 0 | 1;
  rationale: string;
  methodologyVersion?: string;
  kind?: 'INTERIM' | 'FINAL';
  createdAt?: Date;
}

/** Records an assessment of a party on a commitment straight in the database (as staff would). */
export async function addAssessment(
  t: TestApp,
  slug: string,
  code: string,
  assessment: SeededAssessment,
): Promise<void> {
  const [commitment, party] = await Promise.all([
    t.prisma.commitment.findUniqueOrThrow({ where: { slug } }),
    t.prisma.party.findUniqueOrThrow({ where: { code } }),
  ]);
  await t.prisma.assessment.create({
    data: {
      methodologyVersion: '1',
      ...assessment,
      commitmentId: commitment.id,
      partyId: party.id,
      assessedOn: new Date('2022-12-01'),
      actor: 'editor',
    },
  });
}
