import type { Socket } from 'node:net';
import type pg from 'pg';

/** What a query fails with when its server sends nothing for the whole bound. */
export const SILENT_SERVER_MESSAGE = 'The database server sent nothing in time';

/** pg's client as far as this bound needs it: its socket, and whether a query is in flight. */
interface PooledClient {
  connection: { stream: unknown };
  /** pg's own flag: false from a query's submission until the server says it is ready again. */
  readyForQuery?: boolean;
}

/**
 * Fails the query in flight on a connection whose server has sent nothing for `ms`, and closes
 * that connection so the pool drops it. The server's statement_timeout answers first while the
 * server can be reached; this bound is for a partitioned network, which would otherwise hold the
 * query forever. It is the socket's own inactivity timer, which Node refreshes on every read and
 * write, one per connection: a query costs nothing. The timer fires on idle connections too, and
 * on connections held between two queries of a transaction; those are left alone.
 */
export function closeSilentConnections(pool: pg.Pool, ms: number): void {
  pool.on('connect', (client) => {
    const pooled = client as unknown as PooledClient;
    const socket = pooled.connection.stream as Socket;
    socket.setTimeout(ms);
    socket.on('timeout', () => {
      if (pooled.readyForQuery === false) socket.destroy(new Error(SILENT_SERVER_MESSAGE));
    });
  });
}
