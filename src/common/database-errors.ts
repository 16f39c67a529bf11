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
];

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  originalCode?: unknown;
  cause?: unknown;
}

/** Walks an error and its causes for a sign that the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== 'object') return false;
    if (UNAVAILABLE_KINDS.has(String(current.kind))) return true;
    if (UNAVAILABLE_CODES.has(String(current.code))) return true;
    if (UNAVAILABLE_CODES.has(String(current.originalCode))) return true;
    const message = typeof current.message === 'string' ? current.message : '';
    if (UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
    current = current.cause as ErrorLike | undefined;
  }
  return false;
}
