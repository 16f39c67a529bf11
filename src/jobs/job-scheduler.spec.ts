import { describe, expect, it, jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import { Clock } from '../clock/clock.js';
import type { JobRun } from '../generated/prisma/client.js';
import { loadConfig } from '../config/app-config.js';
import { JobAlreadyRunningError, ShuttingDownError, type JobRunner } from './job-runner.js';
import { JobScheduler, lastScheduledTime } from './job-scheduler.js';

const runner = { run: jest.fn() } as unknown as JobRunner;
const clock = new Clock();

function schedulerWith(env: Record<string, string>) {
  const registry = new SchedulerRegistry();
  return { registry, scheduler: new JobScheduler(registry, loadConfig(env), runner, clock) };
}

/** A clock stopped at `instant`. */
function clockAt(instant: string): Clock {
  return { now: () => new Date(instant) };
}

describe('JobScheduler', () => {
  it('schedules each job on the cron expression from configuration', () => {
    const { registry, scheduler } = schedulerWith({ STALE_CHECK_CRON: '*/5 * * * *' });
    scheduler.onApplicationBootstrap();
    const jobs = registry.getCronJobs();
    expect([...jobs.keys()].sort()).toEqual([
      'cleanup',
      'deadline-check',
      'dispatch-notifications',
      'send-mail',
      'stale-check',
    ]);
    expect(jobs.get('stale-check')?.cronTime.source).toBe('*/5 * * * *');
    expect(jobs.get('dispatch-notifications')?.cronTime.source).toBe('* * * * *');
    expect(jobs.get('cleanup')?.cronTime.source).toBe('30 4 * * *');
    expect(jobs.get('stale-check')?.isActive).toBe(true);
    scheduler.onModuleDestroy();
    expect([...jobs.values()].some((job) => job.isActive)).toBe(false);
  });

  it('names the cron time a tick is for, so all instances claim the same scheduled run', async () => {
    const run = jest.fn<JobRunner['run']>();
    const registry = new SchedulerRegistry();
    const config = loadConfig({ STALE_CHECK_CRON: '* * * * * *' });
    const scheduler = new JobScheduler(registry, config, { run } as unknown as JobRunner, clock);
    scheduler.onApplicationBootstrap();
    const firedAt = Date.now();
    await registry.getCronJob('stale-check').fireOnTick();
    scheduler.onModuleDestroy();
    const [name, trigger, scheduledFor] = run.mock.lastCall ?? [];
    expect([name, trigger]).toEqual(['stale-check', 'SCHEDULE']);
    expect(scheduledFor?.getUTCMilliseconds()).toBe(0);
    expect(scheduledFor?.getTime()).toBeGreaterThan(firedAt - 1000);
    expect(scheduledFor?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('schedules nothing when JOBS_SCHEDULE_ENABLED=false', () => {
    const { registry, scheduler } = schedulerWith({ JOBS_SCHEDULE_ENABLED: 'false' });
    scheduler.onApplicationBootstrap();
    expect(registry.getCronJobs().size).toBe(0);
  });

  it('catches up, in order, on the last scheduled time of every job', async () => {
    const run = jest.fn<JobRunner['run']>();
    const scheduler = new JobScheduler(
      new SchedulerRegistry(),
      loadConfig({}),
      { run } as unknown as JobRunner,
      clockAt('2026-03-02T05:10:00.000Z'),
    );
    await scheduler.catchUp();
    expect(run.mock.calls).toEqual([
      ['stale-check', 'SCHEDULE', new Date('2026-03-02T05:00:00.000Z')],
      ['deadline-check', 'SCHEDULE', new Date('2026-03-01T06:00:00.000Z')],
      ['dispatch-notifications', 'SCHEDULE', new Date('2026-03-02T05:10:00.000Z')],
      ['cleanup', 'SCHEDULE', new Date('2026-03-02T04:30:00.000Z')],
      ['send-mail', 'SCHEDULE', new Date('2026-03-02T05:10:00.000Z')],
    ]);
  });

  it('goes on with the next job when one was taken by another instance or failed', async () => {
    const refusals: Record<string, Error> = {
      'stale-check': new JobAlreadyRunningError('stale-check'),
      cleanup: new ShuttingDownError('cleanup'),
    };
    const run = jest.fn<JobRunner['run']>((name) =>
      Promise.reject(refusals[name] ?? new Error('database gone')),
    );
    const scheduler = new JobScheduler(
      new SchedulerRegistry(),
      loadConfig({ LOG_LEVEL: 'silent' }),
      { run } as unknown as JobRunner,
      clock,
    );
    const logged = (level: 'error' | 'debug') =>
      jest.spyOn(scheduler['logger'], level).mockImplementation(() => undefined);
    const [errors, debugs] = [logged('error'), logged('debug')];
    await expect(scheduler.catchUp()).resolves.toBeUndefined();
    expect(run).toHaveBeenCalledTimes(5);
    // A run skipped because another instance has it or the server shuts down is no error.
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      'scheduled deadline-check: Error: database gone; trying again in 30000 ms',
      'scheduled dispatch-notifications: Error: database gone; trying again in 30000 ms',
      'scheduled send-mail: Error: database gone; trying again in 30000 ms',
    ]);
    expect(debugs).toHaveBeenCalledTimes(2);
    scheduler.onModuleDestroy();
  });

  describe('a run that could not start', () => {
    const failing = (outcomes: Error[]) => {
      const run = jest.fn<JobRunner['run']>((name) =>
        name === 'stale-check'
          ? Promise.reject(outcomes.shift() ?? new Error('no outcome left'))
          : Promise.resolve({} as JobRun),
      );
      const scheduler = new JobScheduler(
        new SchedulerRegistry(),
        loadConfig({ LOG_LEVEL: 'silent', JOB_RETRY_MS: '1000', STALE_CHECK_CRON: '0 * * * *' }),
        { run } as unknown as JobRunner,
        clockAt('2026-03-02T05:10:00.000Z'),
      );
      jest.spyOn(scheduler['logger'], 'error').mockImplementation(() => undefined);
      jest.spyOn(scheduler['logger'], 'debug').mockImplementation(() => undefined);
      const staleChecks = () => run.mock.calls.filter(([name]) => name === 'stale-check');
      return { scheduler, staleChecks };
    };
    const gone = () => new Error('database gone');

    it('is tried again for the same time, twice as late each time, until a claim skips it', async () => {
      jest.useFakeTimers();
      try {
        const skipped = new JobAlreadyRunningError('stale-check');
        const { scheduler, staleChecks } = failing([gone(), gone(), skipped]);
        await scheduler.catchUp();
        expect(staleChecks()).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(999);
        expect(staleChecks()).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(1);
        await jest.advanceTimersByTimeAsync(1999);
        expect(staleChecks()).toHaveLength(2);
        await jest.advanceTimersByTimeAsync(1);
        expect(staleChecks()).toHaveLength(3);
        await jest.advanceTimersByTimeAsync(3600_000);
        expect(staleChecks()).toHaveLength(3);
        const times = staleChecks().map(([, , scheduledFor]) => scheduledFor?.toISOString());
        expect(new Set(times)).toEqual(new Set(['2026-03-02T05:00:00.000Z']));
        scheduler.onModuleDestroy();
      } finally {
        jest.useRealTimers();
      }
    });

    it('is not tried again once shutdown has begun', async () => {
      jest.useFakeTimers();
      try {
        const { scheduler, staleChecks } = failing([gone()]);
        await scheduler.catchUp();
        scheduler.onModuleDestroy();
        await jest.advanceTimersByTimeAsync(3600_000);
        expect(staleChecks()).toHaveLength(1);
      } finally {
        jest.useRealTimers();
      }
    });
  });

  it('catches up nothing when JOBS_SCHEDULE_ENABLED=false', async () => {
    const off = jest.fn<JobRunner['run']>();
    const { registry } = schedulerWith({});
    await new JobScheduler(
      registry,
      loadConfig({ JOBS_SCHEDULE_ENABLED: 'false' }),
      { run: off } as unknown as JobRunner,
      clock,
    ).catchUp();
    expect(off).not.toHaveBeenCalled();
  });
});

describe('lastScheduledTime', () => {
  const last = (expression: string, now: string) =>
    lastScheduledTime(new CronTime(expression), new Date(now))?.toISOString();

  it('is the latest time at or before now, however long the period', () => {
    expect(last('0 * * * *', '2026-03-02T10:30:00.000Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(last('0 * * * *', '2026-03-02T10:00:00.000Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(last('0 * * * *', '2026-03-02T09:59:59.999Z')).toBe('2026-03-02T09:00:00.000Z');
    expect(last('* * * * * *', '2026-03-02T10:30:05.400Z')).toBe('2026-03-02T10:30:05.000Z');
    expect(last('0 6 * * *', '2026-03-02T05:00:00.000Z')).toBe('2026-03-01T06:00:00.000Z');
    expect(last('0 0 1 1 *', '2026-03-02T05:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(last('0 0 29 2 *', '2027-03-01T00:00:00.000Z')).toBe('2024-02-29T00:00:00.000Z');
  });
});
