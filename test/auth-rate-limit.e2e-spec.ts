import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('repeated failed authentication (staff keys and calendar tokens)', () => {
  let t: TestApp;
  let valid: string;
  beforeAll(async () => {
    // The proxy in front is named by its address: the client is the entry it appended.
    t = await createTestApp({
      seed: false,
      env: { AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: 'loopback' },
    });
    valid = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  const keys = (client: string, authorization: string) =>
    request(t.http)
      .get('/api/v1/api-keys')
      .set('x-forwarded-for', client)
      .set('Authorization', authorization);
  const calendar = (client: string, token: string) =>
    request(t.http).get(`/api/v1/reminders.ics?token=${token}`).set('x-forwarded-for', client);

  it('answers 429 with Retry-After once a client has failed too often', async () => {
    const client = '203.0.113.10';
    for (let attempt = 0; attempt < 3; attempt++) {
      expectProblem(await keys(client, `Bearer ct_guess${attempt}`), 401);
    }
    const limited = await keys(client, 'Bearer ct_guess4');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(
      await request(t.http).get('/api/v1/api-keys').set('x-forwarded-for', client),
      429,
    );
    // Another client behind the same proxy is not affected.
    expectProblem(await keys('203.0.113.11', 'Bearer ct_guess5'), 401);
  });

  it('still serves a valid key from a locked-out address', async () => {
    const client = '203.0.113.12';
    for (let attempt = 0; attempt < 4; attempt++) await keys(client, `Bearer ct_nat${attempt}`);
    expectProblem(await keys(client, 'Bearer ct_nat-again'), 429);
    await keys(client, valid).expect(200);
    // The valid key does not reset the count: guesses stay refused.
    expectProblem(await keys(client, 'Bearer ct_nat-after'), 429);
  });

  it('gives no fresh count for a forged leftmost X-Forwarded-For entry', async () => {
    const forged = (n: number) => `198.51.100.${n}, 203.0.113.14`;
    for (let n = 1; n <= 3; n++) expectProblem(await keys(forged(n), `Bearer ct_forged${n}`), 401);
    expectProblem(await keys(forged(4), 'Bearer ct_forged4'), 429);
    expectProblem(await calendar(forged(5), 'cal_forged5'), 429);
  });

  it('counts wrong calendar tokens as failures, and still serves a valid token', async () => {
    const client = '203.0.113.13';
    for (let attempt = 0; attempt < 3; attempt++) {
      expectProblem(await calendar(client, `cal_guess${attempt}`), 401);
    }
    const limited = await calendar(client, 'cal_guess4');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // One budget for both: a wrong key from this address is refused too.
    expectProblem(await keys(client, 'Bearer ct_guess'), 429);

    const issued = await request(t.http)
      .post('/api/v1/reminders/calendar-token')
      .set('Authorization', valid)
      .expect(201);
    const { token } = issued.body as { token: string };
    const feed = await calendar(client, token).expect(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
  });
});
