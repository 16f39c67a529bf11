import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { answerNotModified } from './common/http-cache.js';
import { PublicAnswers } from './common/public-cache/public-answers.js';
import { setUpOpenApi } from './common/openapi.js';
import { createLogger, RequestLog } from './common/request-log.js';
import {
  answerUnreadRequest,
  limitJsonDepth,
  limitUrlLength,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './common/request-limits.js';
import { ProblemDetailsFilter, sendFrameworkProblem } from './common/problem-details.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig, TrustProxy } from './config/app-config.js';
import { setUpWebsite } from './web/website.js';
import { localeHomeUrl } from './common/locale.js';
import { acceptCsvBodies } from './imports/csv-body.js';

export interface AppOptions {
  /** Where the log goes (standard output by default). */
  logDestination?: DestinationStream;
}

/**
 * Fastify's trust of forwarding headers. Fastify 5.12 takes no hop count (a number trusts no
 * one): the count becomes a function trusting that many hops back from the socket.
 */
function trustedProxies(
  setting: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Builds the HTTP app (not yet listening): shared by main.ts and the API tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLog(),
    // Bounds on receiving a request (not on sending the answer: a long CSV download goes on).
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    clientErrorHandler: answerUnreadRequest,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustedProxies(config.TRUST_PROXY),
    frameworkErrors: sendFrameworkProblem,
    // A request on a connection accepted before shutdown is served, not refused with 503: the
    // drain in common/graceful-shutdown.ts waits for it and answers with Connection: close.
    return503OnClosing: false,
    rewriteUrl: (request: IncomingMessage) => localeHomeUrl(request.url ?? '/'),
  });
  const publicAnswers = PublicAnswers.register(adapter.getInstance(), config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl, logger),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Anyone may read the public API from a browser; writes stay same-origin.
  app.enableCors({
    origin: '*',
    methods: ['GET', 'HEAD'],
    exposedHeaders: ['ETag', 'Retry-After', 'Content-Disposition'],
  });
  limitUrlLength(app.getHttpAdapter().getInstance());
  limitJsonDepth(app);
  acceptCsvBodies(app.getHttpAdapter().getInstance());
  publicAnswers?.serveWith(app);
  answerNotModified(app.getHttpAdapter().getInstance());
  await setUpWebsite(app, config);
  setUpOpenApi(app);
  await app.init();
  return app;
}
