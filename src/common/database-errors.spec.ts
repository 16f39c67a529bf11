import { describe, expect, it } from '@jest/globals';
import { SILENT_SERVER_MESSAGE } from '../database/silent-server.js';
import { isDatabaseUnavailable, isInvalidInput, isWriteConflict } from './database-errors.js';

const prismaError = (cause: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `prisma.commitment.findFirst()` invocation'), {
    code: 'P2039',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });

describe('database error classification', () => {
  it('sees a refused value (SQLSTATE class 22) inside a Prisma error as invalid input', () => {
    const error = prismaError({ kind: 'postgres', code: '22021', originalCode: '22021' });
    expect(isInvalidInput(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ kind: 'DatabaseNotReachable' }],
    [{ kind: 'postgres', code: '57P01' }],
    [new Error('Connection terminated unexpectedly')],
    [new Error(SILENT_SERVER_MESSAGE)],
    [new Error('Transaction API error: Unable to start a transaction in the given time.')],
    [
      new Error(
        'Transaction API error: A commit cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms',
      ),
    ],
  ])('sees %j as the database being unavailable', (cause) => {
    expect(isDatabaseUnavailable(prismaError(cause as Record<string, unknown>))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('wrapped'), { cause }))).toBe(true);
  });

  it.each([
    [{ kind: 'TransactionWriteConflict' }],
    [{ kind: 'postgres', code: '40P01' }],
    [{ code: '40001' }],
  ])('sees %j as a write conflict, safe to retry', (cause) => {
    expect(isWriteConflict(prismaError(cause))).toBe(true);
    expect(isWriteConflict(Object.assign(new Error('wrapped'), { cause }))).toBe(true);
    expect(isDatabaseUnavailable(prismaError(cause))).toBe(false);
  });

  it('leaves other errors alone', () => {
    const uniqueViolation = prismaError({ kind: 'UniqueConstraintViolation' });
    expect(isDatabaseUnavailable(uniqueViolation)).toBe(false);
    expect(isInvalidInput(uniqueViolation)).toBe(false);
    expect(isWriteConflict(uniqueViolation)).toBe(false);
    expect(isInvalidInput(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
