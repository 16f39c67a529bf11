import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('repeated failed staff authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false, env: { AUTH_FAILURE_LIMIT: '3' } });
  });
  afterAll(() => t.close());

  it('is answered with 429 and Retry-After once a client has failed too often', async () => {
    const valid = await bearer(t, 'admin');
    for (let attempt = 0; attempt < 3; attempt++) {
      const guess = await request(t.http)
        .get('/api/v1/api-keys')
        .set('Authorization', `Bearer ct_guess${attempt}`);
      expectProblem(guess, 401);
    }
    const limited = await request(t.http)
      .get('/api/v1/api-keys')
      .set('Authorization', 'Bearer ct_guess4');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const evenValid = await request(t.http).get('/api/v1/api-keys').set('Authorization', valid);
    expectProblem(evenValid, 429);
  });
});
