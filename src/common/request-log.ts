import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';
import { startupLinesAtDebug } from './startup-log.js';

/** Query parameters whose values are secrets, such as the calendar feed's `token`. */
const SECRET_PARAMETER = /token|key|secret|password/i;
const REDACTED = 'redacted';

/** A URL's query string with the values of secret parameters replaced; '' when it has none. */
function redactedQuery(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return '';
  const parameters = new URLSearchParams(url.slice(start + 1));
  for (const name of new Set(parameters.keys())) {
    if (SECRET_PARAMETER.test(name)) parameters.set(name, REDACTED);
  }
  return parameters.toString();
}

const pathOf = (url: string): string => url.split('?', 1)[0];

/** A request URL as it may be logged: path and query string, secrets redacted. */
export function loggableUrl(url: string): string {
  const query = redactedQuery(url);
  return query ? `${pathOf(url)}?${query}` : pathOf(url);
}

/** The app's one logger: Fastify, Nest and the request log all write through it. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      hooks: { logMethod: startupLinesAtDebug },
    },
    destination,
  );
}

const levelOf = (status: number, error: unknown): Level =>
  error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';

const logged = new WeakSet<FastifyRequest>();

/**
 * The one log line of a request, once its response is sent or the client hung up on it.
 * Never a header, nor a secret.
 */
export function logRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  { error, aborted }: { error?: Error | null; aborted?: boolean } = {},
): void {
  if (logged.has(request)) return;
  logged.add(request);
  const level = levelOf(reply.statusCode, error);
  // Built only when written (at LOG_LEVEL=warn a read's line would be thrown away). The request
  // logger is a child of createLogger's pino logger.
  if (!(request.log as Logger).isLevelEnabled(level)) return;
  const query = redactedQuery(request.url);
  request.log[level](
    {
      method: request.method,
      route: request.routeOptions.url ?? null,
      path: pathOf(request.url),
      ...(query && { query }),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      client: request.ip,
      ...(aborted && { aborted }),
      ...(error && { err: error }),
    },
    'request completed',
  );
}

/**
 * Fastify's request logging as one line per request, written once its response is sent,
 * whoever answered it: a route, a guard, the 404 handler or a body parser. (The requests the
 * router refuses itself, with a malformed URL, never reach it: sendFrameworkProblem logs those.)
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    logRequest(request, reply, { error });
  }

  /** A streamed answer (the CSV export) that broke off, most often because the client left. */
  override streamError(
    error: Error & { code?: string },
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') logRequest(request, reply, { aborted: true });
    else logRequest(request, reply, { error });
  }
}
