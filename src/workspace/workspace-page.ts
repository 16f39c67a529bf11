import type {} from '@fastify/csrf-protection';
import type {} from '@fastify/view';
import type { FastifyReply } from 'fastify';

/**
 * Renders a workspace template in the staff layout, with a fresh CSRF token for its forms.
 * Caching and indexing are refused for the whole workspace in website.ts.
 */
export async function sendStaffPage(
  reply: FastifyReply,
  template: string,
  data: { title: string; [field: string]: unknown },
  status = 200,
): Promise<void> {
  const html = await reply.viewAsync(`staff/${template}`, { ...data, csrf: reply.generateCsrf() });
  await reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** After a write: the page to see it on (Post/Redirect/Get, so reloading does not resend it). */
export async function redirectAfterPost(reply: FastifyReply, location: string): Promise<void> {
  await reply.status(303).header('location', location).send();
}
