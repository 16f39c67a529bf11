import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from './problem-details.filter.js';

const request = { method: 'POST', url: '/api/v1/commitments/x/updates' } as FastifyRequest;
const render = (error: unknown) => new ProblemDetailsFilter().render(error, request);

describe('ProblemDetailsFilter', () => {
  it('answers a transaction that lost a race (rolled back whole) with 503 and a short Retry-After', () => {
    const deadlock = Object.assign(new Error('Transaction failed due to a write conflict'), {
      code: 'P2034',
    });
    expect(render(deadlock)).toEqual({
      body: expect.objectContaining({ status: 503 }),
      headers: { 'retry-after': '1' },
    });
  });

  it('answers an unreachable database with 503 and a longer Retry-After', () => {
    expect(render(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })).headers).toEqual({
      'retry-after': '5',
    });
  });

  it('answers anything else with a generic 500 that leaks nothing', () => {
    const { body } = render(new Error('secret internals'));
    expect(body.status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
