import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './backoff.js';
import { sign, signatureHeaders } from './webhook-signature.js';

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the exponential delay', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
  });

  it('never exceeds the maximum', () => {
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('signatureHeaders', () => {
  it('is the hex HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(sign('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs the timestamp with the body, so a changed timestamp breaks the signature', () => {
    const headers = signatureHeaders('{"a":1}', 'Jefe', new Date('2026-01-01T00:00:00.999Z'));
    expect(headers).toEqual({
      'x-timestamp': '1767225600',
      'x-signature': sign('1767225600.{"a":1}', 'Jefe'),
    });
    expect(headers['x-signature']).not.toBe(sign('1767225601.{"a":1}', 'Jefe'));
  });
});
