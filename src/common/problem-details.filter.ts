import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isInvalidInput, isWriteConflict } from './database-errors.js';
import {
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  type ProblemDetails,
} from './problem-details.js';
import { loggableUrl, logRequest } from './request-log.js';

/** Seconds a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Headers of the representation a handler may have set before it failed (the CSV export sets
 * them before it streams): an error carries none of them, lest a cache keep it as the export.
 */
const REPRESENTATION_HEADERS = ['etag', 'cache-control', 'content-disposition'];

interface Rendered {
  body: ProblemDetails;
  headers: Record<string, string>;
}

function fromHttpException(exception: HttpException): Rendered {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (exception instanceof ProblemException) {
    return {
      body: problem(status, exception.message, {
        type: exception.problemType,
        ...exception.extensions,
      }),
      headers: exception.headers,
    };
  }
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : exception.message;
  const detail = Array.isArray(message) ? message.join('; ') : String(message);
  return { body: problem(status, detail), headers: {} };
}

/** Errors raised by Fastify itself (malformed JSON, body too large, bad content type). */
function fromFrameworkError(error: { statusCode: number; message: string }): Rendered {
  return { body: problem(error.statusCode, error.message), headers: {} };
}

function hasClientStatus(error: unknown): error is { statusCode: number; message: string } {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/**
 * Turns every error into RFC 9457 problem+json. Never a stack trace, never internal error text:
 * unexpected errors are logged and answered with a generic 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = this.render(exception, request);
    for (const name of REPRESENTATION_HEADERS) void reply.removeHeader(name);
    void reply
      .status(body.status)
      .headers(headers)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(body);
  }

  render(exception: unknown, request: FastifyRequest): Rendered {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (hasClientStatus(exception)) return fromFrameworkError(exception);
    if (isInvalidInput(exception)) {
      return { body: problem(400, 'A value in the request is not acceptable.'), headers: {} };
    }
    if (isWriteConflict(exception)) {
      return {
        body: problem(503, 'The write collided with a concurrent one and was not saved; retry it.'),
        headers: { 'retry-after': '1' },
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable on ${request.method} ${loggableUrl(request.url)}`);
      return {
        body: problem(503, 'The database is unavailable; retry shortly.'),
        headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
      };
    }
    this.logger.error(
      exception,
      `unhandled error on ${request.method} ${loggableUrl(request.url)}`,
    );
    return { body: problem(500, 'An unexpected error occurred.'), headers: {} };
  }
}

/**
 * Fastify answers a few malformed requests (bad URL encoding, a route parameter over the length
 * limit) before any route runs; this gives them the same problem+json shape, and their log line
 * (Fastify's log controller never hears of these responses).
 */
export function sendFrameworkProblem(
  error: { statusCode?: number; message: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.raw.once('finish', () => logRequest(request, reply));
  const status = error.statusCode ?? 400;
  void reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem(status, error.message));
}
