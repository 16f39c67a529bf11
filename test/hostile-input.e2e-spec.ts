import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { encodeCursor } from '../src/common/pagination.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SLUG = 'climate-change-cooperation';

describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  const get = (url: string) => request(t.http).get(url).set('Authorization', admin);
  const expectFieldProblem = (response: request.Response, field: string) => {
    expectProblem(response, 400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  };

  describe('malformed cursors', () => {
    const cursors = [
      encodeCursor(['not a date', 'x']),
      encodeCursor(['2022-01-01T00:00:00.000Z', 'not-a-uuid']),
      encodeCursor([5, null]),
      encodeCursor(['2022-01-01T00:00:00.000Z']),
      '!!not-base64!!',
    ];

    it('are a 400 naming the cursor on every keyset listing', async () => {
      for (const path of [
        '/api/v1/jobs/runs',
        '/api/v1/reminders',
        `/api/v1/commitments/${SLUG}/updates`,
      ]) {
        for (const cursor of cursors) {
          expectFieldProblem(await get(`${path}?cursor=${encodeURIComponent(cursor)}`), 'cursor');
        }
      }
      expectFieldProblem(await get(`/api/v1/audit?cursor=${encodeCursor(['12a'])}`), 'cursor');
    });
  });
});
