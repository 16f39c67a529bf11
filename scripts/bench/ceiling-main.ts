import { createCeilingServer } from './ceiling.js';

/** The static ceiling as its own process: env SOURCE_URL (the app it copies), PORT. */
const server = createCeilingServer(process.env.SOURCE_URL ?? '');
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
