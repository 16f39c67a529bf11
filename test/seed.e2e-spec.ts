import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedStrategicDialogue } from '../src/seed/seeder.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('seed of the ninth South Korea–China Strategic Dialogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const counts = async () => ({
    events: await t.prisma.event.count(),
    parties: await t.prisma.party.count(),
    themes: await t.prisma.theme.count(),
    commitments: await t.prisma.commitment.count(),
    evidence: await t.prisma.evidence.count(),
    links: await t.prisma.commitmentEvidence.count(),
    partyLinks: await t.prisma.commitmentParty.count(),
    themeLinks: await t.prisma.commitmentTheme.count(),
    assessments: await t.prisma.assessment.count(),
    lineage: await t.prisma.commitmentLineage.count(),
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await counts();
    await seedStrategicDialogue(t.prisma);
    expect(await counts()).toEqual(before);
    expect(before).toMatchObject({ events: 1, parties: 2, commitments: 9, evidence: 13 });
    // Compliance scores and lineage are staff's judgements: the seed makes none.
    expect(before.assessments).toBe(0);
    expect(before.lineage).toBe(0);
  });

  it('starts every pledge NOT_STARTED, made on the day of the dialogue', async () => {
    const commitments = await t.prisma.commitment.findMany();
    expect(commitments.every((c) => c.status === 'NOT_STARTED')).toBe(true);
    expect(commitments.every((c) => c.madeOn.toISOString().startsWith('2021-12-23'))).toBe(true);
    expect(commitments.every((c) => c.quote && c.quote.length > 40)).toBe(true);
  });

  it('links each article to the pledges of the topics it names, with their stance', async () => {
    const contradicting = await t.prisma.commitmentEvidence.findMany({
      where: { stance: 'CONTRADICTS' },
      include: { commitment: true, evidence: true },
    });
    expect(contradicting.map((link) => link.commitment.slug)).toEqual([
      'peninsula-stability-denuclearization-peace',
      'peninsula-stability-denuclearization-peace',
    ]);
    const report = await t.prisma.evidence.findUniqueOrThrow({
      where: { url: 'http://www.koreaherald.com/view.php?ud=20211224000458' },
      include: { commitments: true },
    });
    expect(report).toMatchObject({ publisher: 'The Korea Herald', author: 'Ji Da-gyum' });
    expect(report.commitments).toHaveLength(8);
  });
});
