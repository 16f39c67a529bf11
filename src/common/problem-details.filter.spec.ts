import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from './problem-details.filter.js';

const request = { method: 'POST', url: '/api/v1/commitments/x/updates' } as FastifyRequest;
const render = (error: unknown) => new ProblemDetailsFilter().render(error, request);

/** What the filter logs, kept from the test output and asserted instead. */
const logged = (level: 'warn' | 'error') =>
  jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);

describe('ProblemDetailsFilter', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers a transaction that lost a race (rolled back whole) with 503 and a short Retry-After', () => {
    const deadlock = Object.assign(new Error('Transaction failed due to a write conflict'), {
      code: 'P2034',
    });
    expect(render(deadlock)).toEqual({
      body: expect.objectContaining({ status: 503 }),
      headers: { 'retry-after': '1' },
    });
  });

  it('answers an unreachable database with 503 and a longer Retry-After, and warns', () => {
    const warnings = logged('warn');
    expect(render(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })).headers).toEqual({
      'retry-after': '5',
    });
    expect(warnings).toHaveBeenCalledWith(
      'database unavailable on POST /api/v1/commitments/x/updates',
    );
  });

  it('answers anything else with a generic 500 that leaks nothing, and logs the error', () => {
    const errors = logged('error');
    const failure = new Error('secret internals');
    const { body } = render(failure);
    expect(body.status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(errors).toHaveBeenCalledWith(
      failure,
      'unhandled error on POST /api/v1/commitments/x/updates',
    );
  });
});
