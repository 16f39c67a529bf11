import type {} from '@fastify/view';
import type { FastifyReply } from 'fastify';
import { contentEtag } from '../common/http-cache.js';

/**
 * Renders a template and sends it as HTML with an ETag of its content. Browsers revalidate every
 * time (`no-cache`); the app's not-modified hook answers `304` while the page is unchanged.
 */
export async function sendPage(
  reply: FastifyReply,
  template: string,
  data: object,
  status = 200,
): Promise<void> {
  const html = await reply.viewAsync(template, data);
  await reply
    .status(status)
    .header('etag', contentEtag(html))
    .header('cache-control', 'public, no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}
