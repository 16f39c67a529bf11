import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException } from './problem-details.js';

/** Query strings are parsed, validated and logged: their size is bounded before any of that. */
export const MAX_URL_LENGTH = 4096;

export function limitUrlLength(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.length <= MAX_URL_LENGTH) return;
    await reply
      .code(414)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem(414, `The URL is longer than ${MAX_URL_LENGTH} characters.`));
  });
}

/**
 * Arrays and objects a JSON body may nest. The deepest body the API takes has three levels;
 * transforming and validating a body walk it recursively, so a deeper one would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/** Whether JSON text nests deeper than `limit`, by one pass over its bytes (strings skipped). */
export function nestsDeeperThan(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index++) {
    const byte = json[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * Parses JSON bodies with Fastify's own parser (which refuses `__proto__` and
 * `constructor.prototype`), after refusing one nested deeper than MAX_JSON_DEPTH with a 400.
 */
export function limitJsonDepth(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      const message = `nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`;
      const errors = [{ field: 'body', messages: [message] }];
      done(new ProblemException(400, `body: ${message}`, { errors }));
      return;
    }
    void parseJson(request, body.toString('utf8'), done);
  });
}

/**
 * How often Node looks for requests over HEADERS_TIMEOUT_MS or REQUEST_TIMEOUT_MS (its default,
 * 30 s, would let a slow client keep a connection for that much longer than the bound).
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

const UNREAD_REQUESTS: Record<string, [status: number, detail: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request did not arrive in time.'],
  HPE_HEADER_OVERFLOW: [431, 'The request headers are too large.'],
};
const MALFORMED_REQUEST: [number, string] = [400, 'The request is not well-formed HTTP.'];

/**
 * Answers a request Node could not read — too slow (over HEADERS_TIMEOUT_MS or
 * REQUEST_TIMEOUT_MS), headers too large, malformed — with problem+json, closes the connection
 * and logs it: no route saw it, so the request log has no line for it.
 */
export function answerUnreadRequest(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] = UNREAD_REQUESTS[error.code ?? ''] ?? MALFORMED_REQUEST;
  const client = (socket as Partial<Socket>).remoteAddress;
  this.log.warn({ status, client, code: error.code }, 'request could not be read');
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
