import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  type StreamableFile,
} from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';

/** Public reads may be cached briefly by browsers and shared caches, then revalidated. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** A weak entity tag over a representation's bytes (weak: equal content, not equal bytes). */
export function contentEtag(content: string | Buffer): string {
  return `W/"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** RFC 9110 If-None-Match: weak comparison against any listed tag, or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Sets the validators of a public read; true when the client's copy is still current. */
export function setPublicCacheHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
): boolean {
  void reply.header('etag', etag).header('cache-control', PUBLIC_CACHE_CONTROL);
  return matchesIfNoneMatch(request.headers['if-none-match'], etag);
}

/**
 * ETag and Cache-Control for a public read. A handler may set its own ETag (a commitment's is its
 * version); otherwise the tag is a hash of the body. The 304 itself is sent by the hook below.
 */
@Injectable()
export class HttpCacheInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === undefined || isStream(body)) return body;
        const own = reply.getHeader('etag');
        if (typeof own === 'string') {
          setPublicCacheHeaders(request, reply, own);
          return body;
        }
        const content = typeof body === 'string' ? body : toJsonBytes(reply, body);
        setPublicCacheHeaders(request, reply, contentEtag(content));
        return content;
      }),
    );
  }
}

/**
 * Serialized and encoded once: the tag hashes these bytes and Fastify sends them as they are.
 * (Hashing the string and sending it would encode it to UTF-8 twice, once in each.)
 */
function toJsonBytes(reply: FastifyReply, body: unknown): Buffer {
  if (!reply.hasHeader('content-type')) void reply.type('application/json; charset=utf-8');
  return Buffer.from(JSON.stringify(body));
}

function isStream(body: unknown): body is StreamableFile {
  return typeof (body as { getStream?: unknown }).getStream === 'function';
}

/**
 * Answers a conditional GET whose tag still matches with `304 Not Modified` and no body. Done in
 * Fastify's onSend hook because Nest would otherwise reset the status to the route's 200.
 */
export function answerNotModified(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const etag = reply.getHeader('etag');
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      reply.statusCode === 200 &&
      typeof etag === 'string' &&
      matchesIfNoneMatch(request.headers['if-none-match'], etag)
    ) {
      void reply.code(304).removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
