import { expect, jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../../src/clock/clock.js';
import type { JobRunDto } from '../../src/jobs/dto/job-run.dto.js';
import type { TestApp } from './test-app.js';

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
