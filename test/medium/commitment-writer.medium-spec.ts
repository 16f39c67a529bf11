import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import type { StaffMember } from '../../src/auth/staff-member.js';
import { CommitmentWriter } from '../../src/commitments/commitment-writer.js';
import { CommitmentsRepository } from '../../src/commitments/commitments.repository.js';
import type { CommitmentDto } from '../../src/commitments/dto/commitment.dto.js';
import { runIdempotent } from '../../src/idempotency/idempotent-request.js';
import { IdempotencyStore } from '../../src/idempotency/idempotency.store.js';
import { RemindersRepository } from '../../src/reminders/reminders.repository.js';
import { expectProblemException } from './expect-problem.js';
import { createMediumContext, type MediumContext } from './medium-context.js';

const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';

describe('CommitmentWriter (against the database, no HTTP)', () => {
  let m: MediumContext;
  let writer: CommitmentWriter;
  let editor: StaffMember;

  beforeAll(async () => {
    m = await createMediumContext();
    writer = m.get(CommitmentWriter);
    editor = await m.staff();
  });
  afterAll(() => m.close());

  const create = (title: string): Promise<CommitmentDto> =>
    writer.create(editor, {
      title,
      event: EVENT,
      parties: [{ code: 'KR' }],
      themes: ['supply-chain-security'],
      madeOn: '2021-12-23',
    });
  const read = async (slug: string) =>
    (await m.get(CommitmentsRepository).findPublicByIdOrSlug(slug))!;
  const auditOf = (id: string) => m.get(AuditRepository).page({ entityId: id }, 10);
  const openReminders = async (commitment: string) =>
    (await m.get(RemindersRepository).page({ commitment, state: 'OPEN' }, 10, null)).map(
      (reminder) => reminder.kind,
    );

  it('creates at version 1, with a slug of its own and the audit entry', async () => {
    const first = await create('Hold a forum');
    const second = await create('Hold a forum');
    expect([first.version, first.slug, second.slug]).toEqual([1, 'hold-a-forum', 'hold-a-forum-2']);
    expect((await auditOf(first.id)).map((entry) => entry.action)).toEqual(['commitment.create']);
  });

  it('claims the next version by id or slug, and refuses a stale one with 412, writing nothing', async () => {
    const created = await create('Open a hotline');
    const answer = await writer.change(editor, created.slug, 1, {
      action: 'commitment.review',
      columns: { lastReviewedAt: new Date() },
      answer: ({ before, after }) => [before.version, after.version],
    });
    expect(answer).toEqual([1, 2]);
    await expectProblemException(
      writer.change(editor, created.id, 1, { action: 'x', answer: () => undefined }),
      412,
    );
    await expectProblemException(
      writer.change(editor, 'no-such-pledge', 1, { action: 'x', answer: () => undefined }),
      404,
    );
    expect((await read(created.id)).version).toBe(2);
    expect(await auditOf(created.id)).toHaveLength(2);
  });

  it('lets exactly one of concurrent changes at one version win', async () => {
    const created = await create('Sign a memorandum');
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        writer.change(editor, created.id, 1, { action: 'commitment.review', answer: () => 'won' }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    expect((await read(created.id)).version).toBe(2);
  });

  it('closes the review reminder on a review, every reminder when the commitment closes', async () => {
    const created = await create('Exchange envoys');
    await m.prisma.reminder.createMany({
      data: ['REVIEW_DUE', 'DEADLINE_PASSED'].map((kind) => ({
        commitmentId: created.id,
        kind: kind as 'REVIEW_DUE',
        dueAt: new Date(),
      })),
    });
    m.setNow('2026-06-01T00:00:00Z');
    await writer.change(editor, created.id, 1, {
      action: 'commitment.review',
      reviewed: true,
      answer: () => undefined,
    });
    expect(await openReminders(created.id)).toEqual(['DEADLINE_PASSED']);
    await writer.archive(editor, created.id, 2);
    expect(await openReminders(created.id)).toEqual([]);
    const closed = await m.prisma.reminder.findMany({ where: { commitmentId: created.id } });
    expect(closed.map((reminder) => reminder.closedAt?.toISOString())).toEqual([
      '2026-06-01T00:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
  });

  it('rolls the whole change back when its work fails', async () => {
    const created = await create('Plant trees');
    await expect(
      writer.change(editor, created.id, 1, {
        action: 'commitment.review',
        columns: { lastReviewedAt: new Date() },
        work: () => Promise.reject(new Error('the added row failed')),
        answer: () => undefined,
      }),
    ).rejects.toThrow('the added row failed');
    expect((await read(created.id)).version).toBe(1);
    expect(await auditOf(created.id)).toHaveLength(1);
  });

  it("moves the version of every commitment showing a changed row, in the caller's transaction", async () => {
    const created = await create('Cooperate on batteries');
    const theme = await m.prisma.theme.findUniqueOrThrow({
      where: { slug: 'supply-chain-security' },
    });
    await m.prisma.$transaction((tx) => writer.bumpShowing(tx, { themeId: theme.id }));
    expect((await read(created.id)).version).toBe(2);
  });

  it('stores the answer of an Idempotency-Key with the change it answers', async () => {
    const created = await create('Meet annually');
    const owner = { apiKeyId: editor.apiKeyId! };
    const request = {
      owner,
      key: 'medium-key',
      requestHash: 'a'.repeat(64),
      status: 201,
      secretFields: [],
      recorded: false,
    };
    await runIdempotent(request, () =>
      writer.change(editor, created.id, 1, {
        action: 'commitment.review',
        answer: ({ after }) => ({ version: after.version }),
      }),
    );
    expect(request.recorded).toBe(true);
    expect(await m.get(IdempotencyStore).find(owner, 'medium-key')).toEqual({
      requestHash: 'a'.repeat(64),
      status: 201,
      body: { version: 2 },
    });
  });
});
