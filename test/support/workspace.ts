import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import type { ApiKeyRole } from '../../src/generated/prisma/enums.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'a quiet harbour at dawn';

/** A form's hidden field, read from a workspace page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} on the page`);
  return match[1];
}

/** An invited account; its invitation token. */
export async function invite(t: TestApp, email: string, role: ApiKeyRole = 'editor') {
  const { user, invitationUrl } = await t.app
    .get(AccountsService)
    .invite({ name: 'test', apiKeyId: null }, { email, displayName: email.split('@')[0], role });
  return { user, token: new URL(invitationUrl!).searchParams.get('token')! };
}

/** An account with PASSWORD set. */
export async function account(t: TestApp, email: string, role: ApiKeyRole = 'editor') {
  const { user, token } = await invite(t, email, role);
  await t.app.get(AccountsService).acceptInvitation(token, PASSWORD);
  return user;
}

/** A browser-like client (keeps cookies) signed in as the account, or the sign-in answer. */
/** `from`: the client address a trusted proxy names (with TRUST_PROXY set). */
export async function signIn(t: TestApp, email: string, password = PASSWORD, from?: string) {
  const agent = request.agent(t.http);
  const forwarded = from ? { 'x-forwarded-for': from } : {};
  const page = await agent.get('/staff/sign-in').set(forwarded).expect(200);
  const response = await agent
    .post('/staff/sign-in')
    .set(forwarded)
    .type('form')
    .send({ _csrf: hiddenField(page.text, '_csrf'), email, password, next: '/staff' });
  return { agent, response };
}

/** Posts a form of the page at `pageUrl` with its CSRF token. */
export async function postForm(
  agent: ReturnType<typeof request.agent>,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
) {
  const page = await agent.get(pageUrl).expect(200);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: hiddenField(page.text, '_csrf'), ...fields });
}
