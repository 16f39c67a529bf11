import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';

/** In-flight requests get this long to finish once shutdown starts; then connections are cut. */
const DRAIN_DEADLINE_MS = 8000;

/**
 * SIGTERM: stop accepting connections and let in-flight requests finish before the database
 * pool closes (PrismaService closes it in onApplicationShutdown, which runs after this).
 * Responses sent while draining carry `Connection: close`, so keep-alive clients let go at once
 * instead of holding the server open until their idle timeout.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private draining = false;

  private readonly fastify: FastifyInstance;

  constructor(adapterHost: HttpAdapterHost) {
    this.fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.fastify.addHook('onSend', async (_request, reply, payload) => {
      if (this.draining) void reply.header('connection', 'close');
      return payload;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { fastify } = this;
    this.draining = true;
    fastify.server.closeIdleConnections();
    const closed = fastify.close().then(() => true);
    const deadline = new AbortController();
    const drained = await Promise.race([
      closed,
      delay(DRAIN_DEADLINE_MS, false, { signal: deadline.signal }).catch(() => true),
    ]);
    deadline.abort();
    if (!drained) {
      this.logger.warn(`requests still running after ${DRAIN_DEADLINE_MS} ms: closing connections`);
      fastify.server.closeAllConnections();
      await closed;
    }
  }
}
