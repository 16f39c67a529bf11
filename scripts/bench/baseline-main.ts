import { createBaselineServer } from './baseline.js';

/** The baseline as its own process (the benchmark spawns it like the app): env DATABASE_URL, PORT. */
const server = createBaselineServer(
  process.env.DATABASE_URL ?? '',
  Number(process.env.DB_POOL_SIZE ?? 10),
);
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
