import { expect } from '@jest/globals';
import { ProblemException } from '../../src/common/problem-details.js';

/** Awaits a service call that must fail with a ProblemException of the status. */
export async function expectProblemException(
  call: Promise<unknown>,
  status: number,
): Promise<void> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProblemException);
  expect((error as ProblemException).getStatus()).toBe(status);
}
