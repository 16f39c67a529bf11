import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StaffMember } from '../../src/auth/staff-member.js';
import { CommitmentWriter } from '../../src/commitments/commitment-writer.js';
import { CommitmentsRepository } from '../../src/commitments/commitments.repository.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobRunsRepository } from '../../src/jobs/job-runs.repository.js';
import { RemindersRepository } from '../../src/reminders/reminders.repository.js';
import { createMediumContext, type MediumContext } from './medium-context.js';

/** The nine seeded pledges were made on 2021-12-23: 90 days later their review falls due. */
const REVIEW_DUE = '2022-03-23T00:00:00Z';
const SUPPLY_CHAIN = 'raw-material-supply-chain-security';

describe('the jobs (against the database, no HTTP, moved clock)', () => {
  let m: MediumContext;
  let runner: JobRunner;
  let editor: StaffMember;

  beforeAll(async () => {
    m = await createMediumContext();
    runner = m.get(JobRunner);
    editor = await m.staff();
  });
  afterAll(() => m.close());

  const run = async (name: string, at: string) => {
    m.setNow(at);
    const finished = await runner.run(name, 'CLI');
    expect(finished.outcome).toBe('SUCCEEDED');
    return finished.counts as Record<string, number>;
  };
  const openReminders = async (kind: 'REVIEW_DUE' | 'DEADLINE_APPROACHING' | 'DEADLINE_PASSED') =>
    m.get(RemindersRepository).page({ kind, state: 'OPEN' }, 100, null);

  describe('stale-check', () => {
    it('flags nothing the day before the review falls due', async () => {
      expect(await run('stale-check', '2022-03-22T12:00:00Z')).toMatchObject({ flagged: 0 });
    });

    it('flags every seeded pledge when it falls due, with one reminder and notification each', async () => {
      expect(await run('stale-check', REVIEW_DUE)).toMatchObject({
        flagged: 9,
        remindersOpened: 9,
      });
      expect(await openReminders('REVIEW_DUE')).toHaveLength(9);
      expect(await m.prisma.notification.count()).toBe(9);
      const flagged = await m.get(CommitmentsRepository).findPublicByIdOrSlug(SUPPLY_CHAIN);
      expect(flagged).toMatchObject({ version: 2, staleSince: new Date(REVIEW_DUE) });
    });

    it('changes nothing when run again', async () => {
      expect(await run('stale-check', '2022-06-01T00:00:00Z')).toMatchObject({
        flagged: 0,
        remindersOpened: 0,
      });
    });

    it('is undone by a review through the writer', async () => {
      await m.get(CommitmentWriter).change(editor, SUPPLY_CHAIN, 2, {
        action: 'commitment.review',
        columns: { lastReviewedAt: new Date('2022-06-01T00:00:00Z'), staleSince: null },
        reviewed: true,
        answer: () => undefined,
      });
      expect(await openReminders('REVIEW_DUE')).toHaveLength(8);
    });
  });

  describe('deadline-check', () => {
    it('opens DEADLINE_PASSED for open pledges whose target date has passed, once', async () => {
      const targets = await m.prisma.commitment.count({ where: { targetDate: { not: null } } });
      const first = await run('deadline-check', '2031-01-01T00:00:00Z');
      expect(first.remindersOpened).toBe(targets);
      expect(await run('deadline-check', '2031-01-02T00:00:00Z')).toMatchObject({
        remindersOpened: 0,
      });
    });
  });

  describe('dispatch-notifications', () => {
    it('delivers the outbox to the log channel, recording one attempt each', async () => {
      const pending = await m.prisma.notification.count({ where: { state: 'PENDING' } });
      const counts = await run('dispatch-notifications', '2031-01-02T00:00:00Z');
      expect(counts).toMatchObject({ notificationsSent: pending, notificationsFailed: 0 });
      expect(await m.prisma.notification.count({ where: { state: 'PENDING' } })).toBe(0);
      expect(await m.prisma.notificationAttempt.count()).toBe(pending);
    });
  });

  describe('cleanup', () => {
    it('deletes finished job runs and delivered notifications past their retention, nothing else', async () => {
      const runsBefore = (await m.get(JobRunsRepository).page(undefined, 100, null)).length;
      const counts = await run('cleanup', '2031-06-01T00:00:00Z');
      expect(counts.jobRunsDeleted).toBe(runsBefore);
      expect(counts.notificationsDeleted).toBeGreaterThan(0);
      expect(await m.prisma.auditEntry.count()).toBeGreaterThan(0);
      expect(await run('cleanup', '2031-06-01T00:00:00Z')).toMatchObject({ jobRunsDeleted: 0 });
    });
  });
});
