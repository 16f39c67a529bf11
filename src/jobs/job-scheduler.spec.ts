import { describe, expect, it, jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../config/app-config.js';
import type { JobRunner } from './job-runner.js';
import { JobScheduler } from './job-scheduler.js';

const runner = { run: jest.fn() } as unknown as JobRunner;

function schedulerWith(env: Record<string, string>) {
  const registry = new SchedulerRegistry();
  return { registry, scheduler: new JobScheduler(registry, loadConfig(env), runner) };
}

describe('JobScheduler', () => {
  it('schedules each job on the cron expression from configuration', async () => {
    const { registry, scheduler } = schedulerWith({ STALE_CHECK_CRON: '*/5 * * * *' });
    scheduler.onApplicationBootstrap();
    const jobs = registry.getCronJobs();
    expect([...jobs.keys()].sort()).toEqual([
      'cleanup',
      'deadline-check',
      'dispatch-notifications',
      'stale-check',
    ]);
    expect(jobs.get('stale-check')?.cronTime.source).toBe('*/5 * * * *');
    expect(jobs.get('dispatch-notifications')?.cronTime.source).toBe('* * * * *');
    expect(jobs.get('cleanup')?.cronTime.source).toBe('30 4 * * *');
    expect(jobs.get('stale-check')?.isActive).toBe(true);
    await scheduler.beforeApplicationShutdown();
    expect(jobs.get('stale-check')?.isActive).toBe(false);
  });

  it('waits at shutdown for a scheduled run in progress', async () => {
    let finishRun!: () => void;
    const slowRunner = {
      run: jest.fn(() => new Promise<void>((resolve) => (finishRun = resolve))),
    } as unknown as JobRunner;
    const registry = new SchedulerRegistry();
    const scheduler = new JobScheduler(registry, loadConfig({}), slowRunner);
    scheduler.onApplicationBootstrap();
    void registry.getCronJob('stale-check').fireOnTick();
    let stopped = false;
    const stopping = scheduler.beforeApplicationShutdown().then(() => (stopped = true));
    await new Promise(setImmediate);
    expect(stopped).toBe(false);
    finishRun();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('names the cron time a tick is for, so all instances claim the same scheduled run', async () => {
    const run = jest.fn<JobRunner['run']>();
    const registry = new SchedulerRegistry();
    const config = loadConfig({ STALE_CHECK_CRON: '* * * * * *' });
    const scheduler = new JobScheduler(registry, config, { run } as unknown as JobRunner);
    scheduler.onApplicationBootstrap();
    const firedAt = Date.now();
    await registry.getCronJob('stale-check').fireOnTick();
    await scheduler.beforeApplicationShutdown();
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
});
