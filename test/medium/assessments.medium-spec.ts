import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AssessmentsService,
  MAX_MATRIX_COMMITMENTS,
} from '../../src/assessments/assessments.service.js';
import type { StaffMember } from '../../src/auth/staff-member.js';
import { CommitmentWriter } from '../../src/commitments/commitment-writer.js';
import type { CommitmentDto } from '../../src/commitments/dto/commitment.dto.js';
import { expectProblemException } from './expect-problem.js';
import { createMediumContext, type MediumContext } from './medium-context.js';

const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';

describe('AssessmentsService (against the database, no HTTP)', () => {
  let m: MediumContext;
  let assessments: AssessmentsService;
  let writer: CommitmentWriter;
  let editor: StaffMember;

  beforeAll(async () => {
    m = await createMediumContext();
    assessments = m.get(AssessmentsService);
    writer = m.get(CommitmentWriter);
    editor = await m.staff();
  });
  afterAll(() => m.close());

  const create = (title: string, event = EVENT): Promise<CommitmentDto> =>
    writer.create(editor, {
      title,
      event,
      parties: [{ code: 'KR' }, { code: 'CN', role: 'COUNTERPART' }],
      themes: ['supply-chain-security'],
      madeOn: '2021-12-23',
    });

  /** Assesses at the commitment's current version; returns the new one. */
  const assess = async (
    commitment: CommitmentDto,
    version: number,
    party: string,
    score: -1 | 0 | 1,
  ) =>
    (
      await assessments.add(editor, commitment.slug, version, {
        party,
        score,
        rationale: `${party} ${score}`,
      })
    ).commitmentVersion;

  it('makes the newest assessment of a cell its current one, in the order they were recorded', async () => {
    const commitment = await create('Open a fisheries hotline');
    m.setNow('2023-01-01T00:00:00Z');
    let version = await assess(commitment, 1, 'KR', -1);
    m.setNow('2023-02-01T00:00:00Z');
    version = await assess(commitment, version, 'KR', 1);
    m.setNow('2023-03-01T00:00:00Z');
    await assess(commitment, version, 'CN', 0);
    const history = await assessments.history(commitment.slug, { limit: 10 });
    expect(history.data.map((a) => [a.party.code, a.score, a.createdAt])).toEqual([
      ['CN', 0, '2023-03-01T00:00:00.000Z'],
      ['KR', 1, '2023-02-01T00:00:00.000Z'],
      ['KR', -1, '2023-01-01T00:00:00.000Z'],
    ]);
    const matrix = await assessments.matrix({ party: 'KR', theme: 'supply-chain-security' });
    const row = matrix.commitments.find((r) => r.slug === commitment.slug)!;
    expect(row.cells.map((cell) => cell?.score ?? null)).toEqual([1]);
  });

  it('refuses a party that is not one of the commitment’s with a 400, writing nothing', async () => {
    const commitment = await create('Exchange weather data');
    await expectProblemException(
      assessments.add(editor, commitment.slug, 1, { party: 'US', score: 1, rationale: 'x' }),
      400,
    );
    expect(await m.prisma.assessment.count({ where: { commitmentId: commitment.id } })).toBe(0);
    expect((await assessments.history(commitment.slug, { limit: 10 })).data).toEqual([]);
  });

  it('keeps the history of a party removed from the commitment, and drops its cell from the matrix', async () => {
    const commitment = await create('Hold a youth forum');
    const version = await assess(commitment, 1, 'CN', 1);
    await writer.edit(editor, commitment.slug, version, { parties: [{ code: 'KR' }] });
    const history = await assessments.history(commitment.slug, { limit: 10 });
    expect(history.data.map((a) => a.party.code)).toEqual(['CN']);
    const matrix = await assessments.matrix({ theme: 'supply-chain-security' });
    const row = matrix.commitments.find((r) => r.slug === commitment.slug)!;
    expect(row.parties).toEqual(['KR']);
    expect(row).toMatchObject({ assessed: 0, unassessed: 1, mean: null });
  });

  it(`refuses a matrix of more than ${MAX_MATRIX_COMMITMENTS} commitments; a filter narrows it`, async () => {
    await m.prisma.$executeRaw`
      INSERT INTO event (slug, title, held_on) VALUES ('crowded-summit', 'Crowded', '2022-01-01')`;
    await m.prisma.$executeRaw`
      INSERT INTO commitment (slug, title, event_id, made_on)
      SELECT 'crowded-' || g, 'Crowded ' || g, e.id, '2022-01-01'
      FROM generate_series(1, ${MAX_MATRIX_COMMITMENTS}) g, event e WHERE e.slug = 'crowded-summit'`;
    const full = await assessments.matrix({ event: 'crowded-summit' });
    expect(full.commitments).toHaveLength(MAX_MATRIX_COMMITMENTS);
    await expectProblemException(assessments.matrix({}), 400);
  });
});
