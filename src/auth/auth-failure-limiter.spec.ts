import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';

function limiter(): AuthFailureLimiter {
  return new AuthFailureLimiter(
    Object.assign(new AppConfig(), { AUTH_FAILURE_LIMIT: 2, AUTH_FAILURE_WINDOW_SECONDS: 60 }),
  );
}

const retryAfterOf = (act: () => void): string | undefined => {
  try {
    act();
  } catch (error) {
    return (error as ProblemException).headers['retry-after'];
  }
  return undefined;
};

describe('AuthFailureLimiter', () => {
  it('refuses a client after the limit until its window ends, with Retry-After', () => {
    const subject = limiter();
    subject.recordFailure('a', 0);
    subject.assertAllowed('a', 1000);
    subject.recordFailure('a', 1000);
    expect(retryAfterOf(() => subject.assertAllowed('a', 20_000))).toBe('40');
    expect(() => subject.assertAllowed('b', 20_000)).not.toThrow();
    expect(() => subject.assertAllowed('a', 60_000)).not.toThrow();
  });
});
