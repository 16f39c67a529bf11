import type { FastifyInstance } from 'fastify';

/** Where a mail's List-Unsubscribe link points: its token is in the query. */
export const ONE_CLICK_PATH = '/follow/unsubscribe';

/**
 * RFC 8058 lets a mail provider send its one-click POST as `multipart/form-data`; the body says
 * only `List-Unsubscribe=One-Click`, so it is read and dropped, on that route alone. Elsewhere
 * such a body stays a 415.
 */
export function acceptOneClickBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 4096 },
    (request, _body, done) => {
      if (request.url.split('?')[0] === ONE_CLICK_PATH) return done(null, {});
      done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), undefined);
    },
  );
}
