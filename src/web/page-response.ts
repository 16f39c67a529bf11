import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/view';
import { createHash } from 'node:crypto';

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

/**
 * Renders a template and sends it as HTML with an ETag of its content: browsers and caches
 * revalidate every time (`no-cache`) and get `304 Not Modified` while the page is unchanged.
 */
export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: object,
  status = 200,
): Promise<void> {
  const html = await reply.viewAsync(template, data);
  const etag = `W/"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  void reply
    .header('etag', etag)
    .header('cache-control', 'public, no-cache')
    .type('text/html; charset=utf-8');
  if (status === 200 && matchesEtag(request.headers['if-none-match'], etag)) {
    await reply.status(304).send();
    return;
  }
  await reply.status(status).send(html);
}
