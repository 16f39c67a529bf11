import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** In-flight requests get this long to finish once shutdown starts; then connections are cut. */
const DRAIN_DEADLINE_MS = 8000;

/** Whether `work` settles within `ms` (it goes on either way): a bound on a step of shutdown. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  const timedOut = delay(ms, false, { signal: timer.signal }).catch(() => true);
  const result = await Promise.race([settled, timedOut]);
  timer.abort();
  return result;
}

/** The HTTP server closed: it accepts no connection, and every one it had has ended. */
function serverClosed(server: Server): Promise<void> {
  // A server that never listened (a shutdown during the start) calls back at once with an error.
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * SIGTERM: stop accepting connections and let in-flight requests finish before the database
 * pool closes (PrismaService closes it in onApplicationShutdown, which runs after this).
 * Responses sent while draining carry `Connection: close`, so keep-alive clients let go at once
 * instead of holding the server open until their idle timeout.
 *
 * This closes the HTTP server only, not Fastify: Fastify's close runs its onClose hooks, and
 * main.ts closes the embedded database in one. Nest closes Fastify when it disposes the HTTP
 * adapter, after every module's beforeApplicationShutdown (the job runs' included), and Nest
 * calls this module's before the feature modules'.
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
    const { server } = this.fastify;
    this.draining = true;
    server.closeIdleConnections();
    const closed = serverClosed(server);
    if (!(await settlesWithin(closed, DRAIN_DEADLINE_MS))) {
      this.logger.warn(`requests still running after ${DRAIN_DEADLINE_MS} ms: closing connections`);
      server.closeAllConnections();
      await closed;
    }
  }
}
