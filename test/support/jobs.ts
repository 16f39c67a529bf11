import { expect, jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../../src/clock/clock.js';
import type { JobRunDto } from '../../src/jobs/dto/job-run.dto.js';
import type { TestApp } from './test-app.js';

/**
 * Schedules whose times are all on 29 February (the cron also fires in real time, which keeps
 * it off during the test): at 10:30 that day, each job has missed its last scheduled time.
 */
export const SCHEDULES_ON_29_FEBRUARY = {
  JOBS_SCHEDULE_ENABLED: 'true',
  STALE_CHECK_CRON: '0 * 29 2 *',
  DEADLINE_CHECK_CRON: '0 6 29 2 *',
  DISPATCH_NOTIFICATIONS_CRON: '15 10 29 2 *',
  CLEANUP_CRON: '30 4 29 2 *',
  SEND_MAIL_CRON: '20 10 29 2 *',
};

/** Moves the app's clock to a fixed instant. */
export function setNow(t: TestApp, instant: string): void {
  jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(instant));
}

/** Runs a job through the admin API and returns the finished run. */
export async function runJob(t: TestApp, name: string, admin: string): Promise<JobRunDto> {
  const response = await request(t.http)
    .post(`/api/v1/jobs/${name}/run`)
    .set('Authorization', admin)
    .expect(200);
  const run = response.body as JobRunDto;
  expect(run.outcome).toBe('SUCCEEDED');
  return run;
}
