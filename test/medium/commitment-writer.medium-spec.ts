import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditedTransaction } from '../../src/audit/audited-transaction.js';
import type { StaffMember } from '../../src/auth/staff-member.js';
import { CommitmentWriter } from '../../src/commitments/commitment-writer.js';
import { CommitmentsRepository } from '../../src/commitments/commitments.repository.js';
import type { CommitmentDto } from '../../src/commitments/dto/commitment.dto.js';
import { runIdempotent } from '../../src/idempotency/idempotent-request.js';
import { IdempotencyStore } from '../../src/idempotency/idempotency.store.js';
import { RemindersRepository } from '../../src/reminders/reminders.repository.js';
import { serverUrl } from '../support/test-database.js';
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
    await m.given.openReminders(created.id, ['REVIEW_DUE', 'DEADLINE_PASSED']);
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
    const themeId = await m.given.themeId('supply-chain-security');
    await m.get(AuditedTransaction).run(editor, ({ tx }) => writer.bumpShowing(tx, { themeId }));
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

  it('runs a change again when PostgreSQL chose it to break a deadlock, committing it once', async () => {
    const created = await create('Share flood data');
    let attempts = 0;
    const answer = await writer.change(editor, created.id, 1, {
      action: 'commitment.review',
      work: () => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return Promise.resolve();
      },
      answer: ({ after }) => after.version,
    });
    expect([attempts, answer]).toEqual([2, 2]);
    expect(await auditOf(created.id)).toHaveLength(2);
  });

  it('gives up on a change that keeps losing races, and on any other failure at once', async () => {
    const created = await create('Share drought data');
    let attempts = 0;
    const losing = writer.change(editor, created.id, 1, {
      action: 'commitment.review',
      work: () => {
        attempts++;
        throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      },
      answer: () => undefined,
    });
    await expect(losing).rejects.toThrow('could not serialize access');
    expect(attempts).toBe(3);
    expect((await read(created.id)).version).toBe(1);
  });

  // Two connections of one real server: the embedded database is one session.
  const onRealServer = serverUrl() ? it : it.skip;

  onRealServer(
    "takes the commitment's lock before its reminders, the order stale-check takes them in",
    async () => {
      const created = await create('Monitor fine dust');
      await m.prisma.reminder.create({
        data: { commitmentId: created.id, kind: 'REVIEW_DUE', dueAt: new Date() },
      });
      const job = new pg.Client({ connectionString: m.databaseUrl });
      await job.connect();
      try {
        // As stale-check's statement does: the commitment first, then a reminder for it.
        await job.query('BEGIN');
        await job.query('UPDATE commitment SET stale_since = now() WHERE id = $1', [created.id]);
        let attempts = 0;
        const review = writer.change(editor, created.id, 1, {
          action: 'commitment.review',
          reviewed: true,
          columns: () => Promise.resolve({ lastReviewedAt: new Date(attempts++) }),
          answer: () => undefined,
        });
        await waitForLockWait(job);
        await job.query(
          `INSERT INTO reminder (commitment_id, kind, due_at, updated_at)
           VALUES ($1, 'REVIEW_DUE', now(), now())
           ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING`,
          [created.id],
        );
        await job.query('COMMIT');
        await review;
        expect(attempts).toBe(1);
        expect(await openReminders(created.id)).toEqual([]);
      } finally {
        await job.end();
      }
    },
  );
});

/** Until another session of the database waits for a lock (the writer, behind the job). */
async function waitForLockWait(client: pg.Client): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the writer never waited for the lock');
}
