import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobScheduler } from '../src/jobs/job-scheduler.js';
import { SCHEDULES_ON_29_FEBRUARY, setNow } from './support/jobs.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('catching up on missed scheduled runs at start', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ env: SCHEDULES_ON_29_FEBRUARY });
    second = await createTestApp({
      env: SCHEDULES_ON_29_FEBRUARY,
      databaseUrl: first.database.url,
    });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const catchUp = (...apps: TestApp[]) =>
    Promise.all(apps.map((t) => t.app.get(JobScheduler).catchUp()));
  const runs = () =>
    first.prisma.jobRun.findMany({
      orderBy: { startedAt: 'asc' },
      select: { name: true, trigger: true, outcome: true, counts: true },
    });

  it('runs each job that missed its time once, when two instances start together', async () => {
    for (const t of [first, second]) setNow(t, '2028-02-29T10:30:00.000Z');
    await catchUp(first, second);
    const done = await runs();
    expect(done.map((run) => run.name).sort()).toEqual([
      'cleanup',
      'deadline-check',
      'dispatch-notifications',
      'send-mail',
      'stale-check',
    ]);
    expect(done.every((run) => run.trigger === 'SCHEDULE' && run.outcome === 'SUCCEEDED')).toBe(
      true,
    );
    // The seeded pledges of December 2021 are stale by 2028, and their reminders are due.
    expect(done.find((run) => run.name === 'stale-check')?.counts).toMatchObject({ flagged: 9 });
    expect(await first.prisma.reminder.count({ where: { kind: 'REVIEW_DUE' } })).toBe(9);
  });

  it('repeats nothing on a restart, and runs only what missed a later time', async () => {
    await catchUp(first);
    expect(await first.prisma.jobRun.count()).toBe(5);

    for (const t of [first, second]) setNow(t, '2028-02-29T12:05:00.000Z');
    await catchUp(second, first);
    const later = await first.prisma.jobRun.findMany({
      where: { startedAt: { gte: new Date('2028-02-29T12:00:00.000Z') } },
      select: { name: true },
    });
    expect(later).toEqual([{ name: 'stale-check' }]);
  });
});
