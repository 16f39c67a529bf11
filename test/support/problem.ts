import { expect } from '@jest/globals';
import type { Response } from 'supertest';

/** Asserts an RFC 9457 problem+json response of the status, with no internals leaked. */
export function expectProblem(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
  });
  expect(typeof response.body.detail).toBe('string');
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(ts|js):\d+|prisma|SELECT /i);
}
