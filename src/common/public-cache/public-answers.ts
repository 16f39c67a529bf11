import { Global, Module } from '@nestjs/common';
import { RouteConfig, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
 * made: Fastify hooks, registered when the adapter is made, before Nest adds its middleware, so
 * a hit skips the middleware, Nest's pipeline, the query, the encoding and the hash. The request
 * is counted against the rate limit first, as the route's guard would (which then reads the same
 * count); a request over the limit, or one whose version could not be read, goes on to the
 * route. A 304 for a hit is answered by the not-modified hook, registered after these. Requests
 * go on to the route until `serveWith` is given the app's version reads and rate limiter.
 */
export class PublicAnswers {
  private readonly cache: PublicAnswerCache;
  private readonly madeAt = new WeakMap<FastifyRequest, string>();
  private versions?: DataVersionRepository;
  private limiter?: RateLimiter;

  private constructor(fastify: FastifyInstance, maxBytes: number) {
    this.cache = new PublicAnswerCache(maxBytes);
    fastify.addHook('onRequest', (request, reply) => this.answer(request, reply));
    fastify.addHook('onSend', async (request, reply, payload) =>
      this.keep(request, reply, payload),
    );
  }

  /** The cache's hooks on `fastify`, unless PUBLIC_CACHE_MB turns it off. */
  static register(fastify: FastifyInstance, config: AppConfig): PublicAnswers | undefined {
    if (config.PUBLIC_CACHE_MB === 0) return undefined;
    return new PublicAnswers(fastify, config.PUBLIC_CACHE_MB * 2 ** 20);
  }

  serveWith(app: NestFastifyApplication): void {
    this.versions = app.get(DataVersionRepository);
    this.limiter = app.get(RateLimiter);
  }

  private async answer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.versions || !this.limiter || !isCacheable(request)) return;
    const [count, version] = await Promise.all([
      this.limiter.hitOnce(request, reply),
      this.versions.current().catch(() => undefined),
    ]);
    if (!count.allowed || version === undefined) return;
    const answer = this.cache.get(resourceOf(request), request.headers, version);
    if (!answer) {
      this.madeAt.set(request, version);
      return;
    }
    return reply.headers(answer.headers).send(answer.body);
  }

  private keep(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const version = this.madeAt.get(request);
    if (version === undefined || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    this.cache.set(resourceOf(request), request.headers, version, reply.getHeaders(), body);
    return body;
  }
}

@Global()
@Module({ providers: [DataVersionRepository], exports: [DataVersionRepository] })
export class PublicCacheModule {}
