import type { FastifyInstance } from 'fastify';

/** The largest CSV body an import takes (a 413 beyond): about 5,000 rows of commitments. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** `text/csv` bodies arrive as text, up to their own limit (JSON bodies keep the global one). */
export function acceptCsvBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
}
