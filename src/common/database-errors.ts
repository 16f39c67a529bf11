import { SILENT_SERVER_MESSAGE } from '../database/silent-server.js';

/** Connection-level failures: the database is down or unreachable, not the request at fault. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02',
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement timeout)
  '08000',
  '08003',
  '08006',
  '08001',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'connect ECONNREFUSED',
  'terminating connection',
  // No answer in time on an open connection, whether the server is gone or swamped.
  SILENT_SERVER_MESSAGE,
  // Prisma: no connection for a transaction within its maxWait (the pool is busy), or a
  // transaction that outran its timeout and was rolled back.
  'Unable to start a transaction in the given time',
  'cannot be executed on an expired transaction',
];

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** An error and what it wraps: its causes and the driver error Prisma keeps in `meta`. */
function* errorChain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (!error || typeof error !== 'object' || depth > 6) return;
  const current = error as ErrorLike;
  yield current;
  yield* errorChain(current.cause, depth + 1);
  yield* errorChain(current.meta?.driverAdapterError, depth + 1);
}

const codesOf = (error: ErrorLike) => [String(error.code), String(error.originalCode)];

/** Walks an error and what it wraps for a sign that the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    if (UNAVAILABLE_KINDS.has(String(current.kind))) return true;
    if (codesOf(current).some((code) => UNAVAILABLE_CODES.has(code))) return true;
    const message = typeof current.message === 'string' ? current.message : '';
    if (UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
  }
  return false;
}

/**
 * The transaction lost a race with another (a deadlock or a serialization failure, which Prisma
 * reports as P2034 / TransactionWriteConflict): it was rolled back whole, so a retry is safe.
 */
const WRITE_CONFLICT_CODES = new Set(['40001', '40P01', 'P2034']);

export function isWriteConflict(error: unknown): boolean {
  for (const current of errorChain(error)) {
    if (current.kind === 'TransactionWriteConflict') return true;
    if (codesOf(current).some((code) => WRITE_CONFLICT_CODES.has(code))) return true;
  }
  return false;
}

/** Input the database refused as a value: SQLSTATE class 22 (e.g. a NUL byte, a number out of range). */
const INVALID_INPUT_KINDS = new Set(['InvalidInputValue', 'ValueOutOfRange', 'LengthMismatch']);
const INVALID_INPUT_PRISMA_CODES = new Set(['P2000', 'P2006', 'P2007', 'P2019', 'P2020', 'P2023']);

export function isInvalidInput(error: unknown): boolean {
  for (const current of errorChain(error)) {
    if (INVALID_INPUT_KINDS.has(String(current.kind))) return true;
    if (codesOf(current).some((code) => INVALID_INPUT_PRISMA_CODES.has(code))) return true;
    if (codesOf(current).some((code) => /^22[0-9A-Z]{3}$/.test(code))) return true;
  }
  return false;
}
