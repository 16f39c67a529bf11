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
  it('schedules each job on the cron expression from configuration', () => {
    const { registry, scheduler } = schedulerWith({ STALE_CHECK_CRON: '*/5 * * * *' });
    scheduler.onApplicationBootstrap();
    const jobs = registry.getCronJobs();
    expect([...jobs.keys()].sort()).toEqual([
      'deadline-check',
      'dispatch-notifications',
      'stale-check',
    ]);
    expect(jobs.get('stale-check')?.cronTime.source).toBe('*/5 * * * *');
    expect(jobs.get('dispatch-notifications')?.cronTime.source).toBe('* * * * *');
    expect(jobs.get('stale-check')?.isActive).toBe(true);
    scheduler.beforeApplicationShutdown();
    expect(jobs.get('stale-check')?.isActive).toBe(false);
  });

  it('schedules nothing when JOBS_SCHEDULE_ENABLED=false', () => {
    const { registry, scheduler } = schedulerWith({ JOBS_SCHEDULE_ENABLED: 'false' });
    scheduler.onApplicationBootstrap();
    expect(registry.getCronJobs().size).toBe(0);
  });
});
