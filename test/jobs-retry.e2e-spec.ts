import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JOB_NAMES } from '../src/jobs/job.js';
import { JobScheduler } from '../src/jobs/job-scheduler.js';
import { SCHEDULES_ON_29_FEBRUARY, setNow } from './support/jobs.js';
import { createProxiedTestApp, type ProxiedTestApp } from './support/test-app.js';

describe('a catch-up while the database is unreachable', () => {
  const RETRY_MS = 200;
  let t: ProxiedTestApp;
  const errors: string[] = [];
  beforeAll(async () => {
    t = await createProxiedTestApp({
      env: { ...SCHEDULES_ON_29_FEBRUARY, JOB_RETRY_MS: String(RETRY_MS), LOG_LEVEL: 'error' },
      logDestination: {
        write: (chunk: string) => void errors.push((JSON.parse(chunk) as { msg: string }).msg),
      },
    });
  });
  afterAll(() => t.close());

  const succeeded = () => t.prisma.jobRun.count({ where: { outcome: 'SUCCEEDED' } });
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('is tried again until the database is back; each missed job then runs once', async () => {
    setNow(t, '2028-02-29T10:30:00.000Z');
    t.proxy.cut();
    await t.app.get(JobScheduler).catchUp();
    const retried = (name: string, ms: number) =>
      errors.some((line) =>
        new RegExp(`^scheduled ${name}: .+; trying again in ${ms} ms$`, 's').test(line),
      );
    for (const name of JOB_NAMES) expect(retried(name, RETRY_MS)).toBe(true);
    await settle(RETRY_MS * 3);
    expect(retried('stale-check', RETRY_MS * 2)).toBe(true);

    t.proxy.restore();
    const deadline = Date.now() + 30_000;
    while ((await succeeded()) < 5 && Date.now() < deadline) await settle(100);
    const retriesLogged = errors.length;
    await settle(RETRY_MS * 8);
    expect(await t.prisma.jobRun.groupBy({ by: ['name', 'outcome'], _count: true })).toHaveLength(
      5,
    );
    expect(await succeeded()).toBe(5);
    expect(errors).toHaveLength(retriesLogged);
  });
});
