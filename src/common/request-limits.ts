import type { FastifyInstance } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem-details.js';

/** Query strings are parsed, validated and logged: their size is bounded before any of that. */
export const MAX_URL_LENGTH = 4096;

export function limitUrlLength(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.length <= MAX_URL_LENGTH) return;
    await reply
      .code(414)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem(414, `The URL is longer than ${MAX_URL_LENGTH} characters.`));
  });
}
