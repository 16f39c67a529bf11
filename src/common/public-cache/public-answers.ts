import { Global, Module } from '@nestjs/common';
import { RouteConfig, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { RateLimiter } from '../rate-limit.js';
import { DataVersionRepository } from './data-version.repository.js';
import { PublicAnswerCache } from './public-answer-cache.js';

const PUBLIC_ANSWER = 'publicAnswer';

/** The route's answers are the same for everyone: served from the public answer cache. */
export const CachedPublicAnswer = (): MethodDecorator => RouteConfig({ [PUBLIC_ANSWER]: true });

function isCacheable(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { [PUBLIC_ANSWER]?: boolean } | undefined;
  return (
    request.method === 'GET' && config?.[PUBLIC_ANSWER] === true && !request.headers.authorization
  );
}

const resourceOf = (request: FastifyRequest) => `${request.headers.host ?? ''} ${request.url}`;

/**
 * Answers a cacheable request from memory when the data has not changed since its answer was
 * made: Fastify hooks, so a hit skips Nest's pipeline, the query, the encoding and the hash. The
 * request is counted against the rate limit first, as the route's guard would (which then reads
 * the same count); a request over the limit, or one whose version could not be read, goes on
 * to the route. A 304 for a hit is answered by the not-modified hook, registered after these.
 */
function servePublicAnswers(
  fastify: FastifyInstance,
  cache: PublicAnswerCache,
  versions: DataVersionRepository,
  limiter: RateLimiter,
): void {
  const madeAt = new WeakMap<FastifyRequest, string>();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) return;
    const [count, version] = await Promise.all([
      limiter.hitOnce(request, reply),
      versions.current().catch(() => undefined),
    ]);
    if (!count.allowed || version === undefined) return;
    const answer = cache.get(resourceOf(request), request.headers, version);
    if (!answer) {
      madeAt.set(request, version);
      return;
    }
    return reply.headers(answer.headers).send(answer.body);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const version = madeAt.get(request);
    if (version === undefined || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    cache.set(resourceOf(request), request.headers, version, reply.getHeaders(), body);
    return body;
  });
}

/** Registers the cache's hooks, unless PUBLIC_CACHE_MB turns it off. */
export function setUpPublicAnswers(app: NestFastifyApplication, config: AppConfig): void {
  if (config.PUBLIC_CACHE_MB === 0) return;
  servePublicAnswers(
    app.getHttpAdapter().getInstance(),
    new PublicAnswerCache(config.PUBLIC_CACHE_MB * 2 ** 20),
    app.get(DataVersionRepository),
    app.get(RateLimiter),
  );
}

@Global()
@Module({ providers: [DataVersionRepository], exports: [DataVersionRepository] })
export class PublicCacheModule {}
