import { describe, expect, it } from '@jest/globals';
import { idempotencyRequestHash } from './request-hash.js';

describe('idempotencyRequestHash', () => {
  const url = '/api/v1/evidence';

  it('ignores the order of object keys, at any depth', () => {
    expect(idempotencyRequestHash('POST', url, { a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      idempotencyRequestHash('POST', url, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it('tells apart other bodies, other routes and array order', () => {
    const hash = idempotencyRequestHash('POST', url, { a: [1, 2] });
    expect(idempotencyRequestHash('POST', url, { a: [2, 1] })).not.toBe(hash);
    expect(idempotencyRequestHash('POST', '/api/v1/api-keys', { a: [1, 2] })).not.toBe(hash);
    expect(idempotencyRequestHash('POST', url, undefined)).toBe(
      idempotencyRequestHash('POST', url, null),
    );
  });
});
