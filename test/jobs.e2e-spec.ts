import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { fromIsoDate } from '../src/common/dates.js';
import { JobAlreadyRunningError, JobRunner } from '../src/jobs/job-runner.js';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PLEDGE_WITH_TARGET = 'mature-partnership-30th-anniversary'; // target 2022-08-24

describe('stale-check and deadline-check with a moved clock', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // Small batches, so the nine pledges are walked in three transactions.
    t = await createTestApp({ env: { JOB_BATCH_SIZE: '4', STALE_CHECK_BATCH_SIZE: '4' } });
    admin = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  const reminders = (kind: 'REVIEW_DUE' | 'DEADLINE_APPROACHING' | 'DEADLINE_PASSED') =>
    t.prisma.reminder.findMany({
      where: { kind },
      include: { commitment: { select: { slug: true } }, notifications: true },
      orderBy: { createdAt: 'asc' },
    });

  describe('stale-check', () => {
    it('flags nothing the day before the 90-day interval of the 2021-12-23 pledges ends', async () => {
      setNow(t, '2022-03-22T23:59:59.000Z');
      const run = await runJob(t, 'stale-check', admin);
      expect(run.counts).toMatchObject({ flagged: 0, remindersOpened: 0 });
      expect(await t.prisma.commitment.count({ where: { staleSince: { not: null } } })).toBe(0);
    });

    it('flags all nine seed pledges on the day it ends, with exactly one REVIEW_DUE each', async () => {
      setNow(t, '2022-03-23T00:00:00.000Z');
      const run = await runJob(t, 'stale-check', admin);
      expect(run).toMatchObject({ trigger: 'API', counts: { flagged: 9, remindersOpened: 9 } });
      const stale = await t.prisma.commitment.findMany({ where: { staleSince: { not: null } } });
      expect(stale).toHaveLength(9);
      expect(stale.every((c) => c.staleSince?.toISOString() === '2022-03-23T00:00:00.000Z')).toBe(
        true,
      );
      const opened = await reminders('REVIEW_DUE');
      expect(opened).toHaveLength(9);
      expect(new Set(opened.map((r) => r.commitmentId)).size).toBe(9);
      expect(opened.every((r) => r.state === 'OPEN' && r.notifications.length === 1)).toBe(true);
      expect(opened[0].dueAt.toISOString()).toBe('2022-03-23T00:00:00.000Z');
    });

    it('changes nothing when run again, even months later', async () => {
      setNow(t, '2022-09-01T00:00:00.000Z');
      const run = await runJob(t, 'stale-check', admin);
      expect(run.counts).toEqual({ flagged: 0, remindersOpened: 0, unflagged: 0 });
      expect(await t.prisma.reminder.count({ where: { kind: 'REVIEW_DUE' } })).toBe(9);
      expect(await t.prisma.notification.count()).toBe(9);
    });

    it('cancels the open reminders of a pledge made terminal or archived, by any statement', async () => {
      const [fulfilled, archived] = await t.prisma.commitment.findMany({
        orderBy: { slug: 'asc' },
        take: 2,
      });
      const closedReminders = () =>
        t.prisma.reminder.findMany({
          where: { commitmentId: { in: [fulfilled.id, archived.id] } },
        });
      expect((await closedReminders()).map((r) => r.state)).toEqual(['OPEN', 'OPEN']);
      // Plain updates, not the staff API: the database itself cancels the reminders.
      await t.prisma.commitment.update({
        where: { id: fulfilled.id },
        data: { status: 'FULFILLED' },
      });
      await t.prisma.commitment.update({ where: { id: archived.id }, data: { archived: true } });
      expect((await closedReminders()).map((r) => r.state)).toEqual(['CANCELLED', 'CANCELLED']);
      expect((await closedReminders()).every((r) => r.closedAt !== null)).toBe(true);
    });

    it('clears the staleness of terminal and archived pledges, once', async () => {
      const run = await runJob(t, 'stale-check', admin);
      expect(run.counts).toEqual({ flagged: 0, remindersOpened: 0, unflagged: 2 });
      expect(await t.prisma.commitment.count({ where: { staleSince: { not: null } } })).toBe(7);
      const again = await runJob(t, 'stale-check', admin);
      expect(again.counts).toEqual({ flagged: 0, remindersOpened: 0, unflagged: 0 });
    });

    it('skips terminal and archived pledges that are overdue for review', async () => {
      // A review (as the staff API records it) makes the others fresh; the two closed ones stay overdue.
      await t.prisma.commitment.updateMany({
        data: { lastReviewedAt: new Date('2022-09-01T00:00:00.000Z'), staleSince: null },
      });
      await t.prisma.reminder.updateMany({
        where: { state: 'OPEN' },
        data: { state: 'DONE', closedAt: new Date('2022-09-01T00:00:00.000Z') },
      });
      await t.prisma.commitment.updateMany({
        where: { OR: [{ status: 'FULFILLED' }, { archived: true }] },
        data: { lastReviewedAt: null },
      });
      setNow(t, '2022-11-30T00:00:00.000Z');
      expect((await runJob(t, 'stale-check', admin)).counts).toMatchObject({ flagged: 7 });
      setNow(t, '2023-01-01T00:00:00.000Z');
      expect((await runJob(t, 'stale-check', admin)).counts).toMatchObject({ flagged: 0 });
      const openByClosedPledges = await t.prisma.reminder.count({
        where: {
          state: 'OPEN',
          commitment: { OR: [{ status: 'FULFILLED' }, { archived: true }] },
        },
      });
      expect(openByClosedPledges).toBe(0);
    });
  });

  describe('deadline-check', () => {
    const deadlineRun = async (instant: string) => {
      setNow(t, instant);
      return (await runJob(t, 'deadline-check', admin)).counts;
    };

    it('opens nothing 31 days before the target date', async () => {
      expect(await deadlineRun('2022-07-24T23:59:59.000Z')).toMatchObject({ remindersOpened: 0 });
    });

    it('opens DEADLINE_APPROACHING exactly 30 days before it, once', async () => {
      expect(await deadlineRun('2022-07-25T00:00:00.000Z')).toMatchObject({ remindersOpened: 1 });
      expect(await deadlineRun('2022-08-24T23:59:59.000Z')).toMatchObject({ remindersOpened: 0 });
      const [approaching] = await reminders('DEADLINE_APPROACHING');
      expect(approaching).toMatchObject({
        state: 'OPEN',
        commitment: { slug: PLEDGE_WITH_TARGET },
      });
      expect(approaching.dueAt.toISOString()).toBe('2022-08-24T00:00:00.000Z');
      expect(approaching.notifications).toHaveLength(1);
    });

    it('opens DEADLINE_PASSED the day after and closes the approaching one', async () => {
      expect(await deadlineRun('2022-08-25T00:00:00.000Z')).toMatchObject({
        remindersOpened: 1,
        remindersSuperseded: 1,
      });
      expect((await reminders('DEADLINE_APPROACHING'))[0].state).toBe('CANCELLED');
      expect((await reminders('DEADLINE_PASSED'))[0]).toMatchObject({ state: 'OPEN' });
      expect(await deadlineRun('2022-12-01T00:00:00.000Z')).toMatchObject({
        remindersOpened: 0,
        remindersSuperseded: 0,
      });
    });

    it('skips terminal and archived pledges', async () => {
      await t.prisma.commitment.updateMany({
        where: { OR: [{ status: 'FULFILLED' }, { archived: true }] },
        data: { targetDate: fromIsoDate('2022-12-15') },
      });
      expect(await deadlineRun('2022-12-10T00:00:00.000Z')).toMatchObject({ remindersOpened: 0 });
    });
  });

  describe('dispatch-notifications without WEBHOOK_URL', () => {
    it('delivers every pending notification to the log channel, recording each attempt', async () => {
      const pending = await t.prisma.notification.count({ where: { state: 'PENDING' } });
      expect(pending).toBe(18);
      const run = await runJob(t, 'dispatch-notifications', admin);
      expect(run.counts).toMatchObject({ notificationsSent: 18, notificationsFailed: 0 });
      expect(await t.prisma.notification.count({ where: { state: 'DELIVERED' } })).toBe(18);
      const attempts = await t.prisma.notificationAttempt.findMany();
      expect(attempts).toHaveLength(18);
      expect(attempts.every((a) => a.channel === 'log' && a.succeeded)).toBe(true);
    });
  });

  describe('job runs', () => {
    it('lists every run, newest first, filtered by name and paginated', async () => {
      const first = await request(t.http)
        .get('/api/v1/jobs/runs?name=stale-check&limit=3')
        .set('Authorization', admin)
        .expect(200);
      expect(first.body.data).toHaveLength(3);
      expect(first.body.data.every((run: { name: string }) => run.name === 'stale-check')).toBe(
        true,
      );
      const rest = await request(t.http)
        .get(`/api/v1/jobs/runs?name=stale-check&cursor=${first.body.page.nextCursor}`)
        .set('Authorization', admin)
        .expect(200);
      expect(rest.body.data).toHaveLength(4); // the seven stale-check runs above
      expect(rest.body.page.nextCursor).toBeNull();
      const all = [...first.body.data, ...rest.body.data].map((run) => run.startedAt as string);
      expect(all).toEqual([...all].sort().reverse());
    });

    it('refuses a run while a live RUNNING lease exists (409) and reclaims one left by a crash', async () => {
      setNow(t, '2023-01-01T12:00:00.000Z');
      const live = await t.prisma.jobRun.create({
        data: {
          name: 'deadline-check',
          trigger: 'SCHEDULE',
          startedAt: new Date('2023-01-01T11:59:00Z'),
        },
      });
      const refused = await request(t.http)
        .post('/api/v1/jobs/deadline-check/run')
        .set('Authorization', admin)
        .expect(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');

      // The same row, an hour old: longer than JOB_RUN_TIMEOUT_MS, so its process is gone.
      setNow(t, '2023-01-01T13:00:00.000Z');
      await runJob(t, 'deadline-check', admin);
      expect(await t.prisma.jobRun.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({
        outcome: 'FAILED',
        error: 'abandoned: the run never finished',
      });
    });

    it('runs a scheduled time once, however many instances fire for it', async () => {
      const runner = t.app.get(JobRunner);
      const tick = new Date('2023-02-01T12:00:00Z');
      setNow(t, '2023-02-01T12:00:00.040Z');
      expect((await runner.run('dispatch-notifications', 'SCHEDULE', tick)).outcome).toBe(
        'SUCCEEDED',
      );
      // Another instance's cron, firing a moment later for the same time, finds it done.
      setNow(t, '2023-02-01T12:00:00.090Z');
      await expect(runner.run('dispatch-notifications', 'SCHEDULE', tick)).rejects.toThrow(
        JobAlreadyRunningError,
      );
      setNow(t, '2023-02-01T12:01:00.010Z');
      const nextTick = new Date('2023-02-01T12:01:00Z');
      expect((await runner.run('dispatch-notifications', 'SCHEDULE', nextTick)).outcome).toBe(
        'SUCCEEDED',
      );
    });

    it('is for admins only', async () => {
      await request(t.http).get('/api/v1/jobs/runs').expect(401);
      const editor = await bearer(t, 'editor');
      await request(t.http).get('/api/v1/jobs/runs').set('Authorization', editor).expect(403);
      await request(t.http)
        .post('/api/v1/jobs/stale-check/run')
        .set('Authorization', editor)
        .expect(403);
    });

    it('answers 404 for an unknown job and 400 for a bad cursor', async () => {
      const unknown = await request(t.http)
        .post('/api/v1/jobs/coffee/run')
        .set('Authorization', admin)
        .expect(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      await request(t.http)
        .get('/api/v1/jobs/runs?cursor=nonsense')
        .set('Authorization', admin)
        .expect(400);
    });
  });
});
