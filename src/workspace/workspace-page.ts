import type {} from '@fastify/csrf-protection';
import type {} from '@fastify/view';
import type { FastifyReply } from 'fastify';
import { preferredLanguage } from '../common/content-language.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { viewHelpers } from '../web/view-helpers.js';
import type { WorkspaceRequest } from './workspace-auth.js';

/**
 * The workspace's language: the signed-in person's choice; before sign-in, the browser's
 * preference.
 */
function workspaceLanguage(request: WorkspaceRequest): Language {
  return (
    request.staff?.language ??
    preferredLanguage(request.headers['accept-language']) ??
    DEFAULT_LANGUAGE
  );
}

/**
 * Renders a workspace template in the staff layout, in the workspace's language, with a fresh
 * CSRF token for its forms. A template whose title is in the catalogues sets it itself (through
 * its layout). Caching and indexing are refused for the whole workspace in website.ts.
 */
export async function sendStaffPage(
  reply: FastifyReply,
  template: string,
  data: { title?: string; [field: string]: unknown },
  status = 200,
): Promise<void> {
  const h = viewHelpers(workspaceLanguage(reply.request));
  const html = await reply.viewAsync(`staff/${template}`, {
    ...data,
    h,
    csrf: reply.generateCsrf(),
  });
  await reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** After a write: the page to see it on (Post/Redirect/Get, so reloading does not resend it). */
export async function redirectAfterPost(reply: FastifyReply, location: string): Promise<void> {
  await reply.status(303).header('location', location).send();
}
