import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../src/clock/clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, hiddenField, invite, PASSWORD, postForm, signIn } from './support/workspace.js';

describe('staff workspace accounts and sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        SIGN_IN_ACCOUNT_LIMIT: '3',
        SIGN_IN_ADDRESS_LIMIT: '8',
        SESSION_IDLE_MINUTES: '30',
        // X-Forwarded-Proto says whether the browser used HTTPS.
        TRUST_PROXY: '1',
      },
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const auditActions = async (entityId: string) =>
    (
      await t.prisma.auditEntry.findMany({
        where: { entityType: 'staff-user', entityId },
        orderBy: { id: 'asc' },
      })
    ).map((entry) => entry.action);

  it('lets a public visitor reach only the sign-in page, never cached or indexed', async () => {
    const queue = await request(t.http).get('/staff').expect(303);
    expect(queue.headers.location).toBe('/staff/sign-in?next=%2Fstaff');
    const page = await request(t.http).get('/staff/sign-in').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(page.text).toContain('<label for="email">Email</label>');
    await request(t.http).get('/staff/admin/users').expect(303);
    await request(t.http).get('/staff/commitments/climate-change-cooperation').expect(303);
  });

  it('sets a password through the invitation once, by the password rules', async () => {
    const { user, token } = await invite(t, 'Grace@Example.org');
    expect(user.email).toBe('grace@example.org');
    const agent = request.agent(t.http);
    const page = await agent.get(`/staff/invitation?token=${token}`).expect(200);
    const csrf = hiddenField(page.text, '_csrf');
    for (const [password, refusal] of [
      ['password1234', 'This password is too common'],
      ['short', 'Use at least 12 characters'],
    ]) {
      const refused = await agent
        .post('/staff/invitation')
        .type('form')
        .send({ _csrf: csrf, token, password, confirmation: password })
        .expect(400);
      expect(refused.text).toContain(refusal);
    }
    await agent
      .post('/staff/invitation')
      .type('form')
      .send({ _csrf: csrf, token, password: PASSWORD, confirmation: PASSWORD })
      .expect(303);
    await agent.get(`/staff/invitation?token=${token}`).expect(404);
    const stored = await t.prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await auditActions(user.id)).toEqual(['staff-user.invite', 'staff-user.set-password']);
  });

  it('refuses an invitation after its 7 days', async () => {
    const { token } = await invite(t, 'late@example.org');
    const clock = t.app.get(Clock);
    const eightDaysOn = new Date(Date.now() + 8 * 24 * 3_600_000);
    const now = jest.spyOn(clock, 'now').mockReturnValue(eightDaysOn);
    try {
      const page = await request(t.http).get(`/staff/invitation?token=${token}`).expect(404);
      expect(page.text).toContain('unknown, already used or expired');
    } finally {
      now.mockRestore();
    }
    await request(t.http).get(`/staff/invitation?token=${token}`).expect(200);
  });

  it('signs in into a revocable session with a safe cookie, and audits it', async () => {
    const user = await account(t, 'ada@example.org');
    const { agent, response } = await signIn(t, 'ADA@example.org');
    expect(response.status).toBe(303);
    const cookie = response.headers['set-cookie'] as unknown as string[];
    const session = cookie.find((line) => line.startsWith('ct_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\/staff/);
    expect(session).not.toMatch(/Secure/);
    const queue = await agent.get('/staff').expect(200);
    expect(queue.text).toContain('Review queue');
    expect(queue.headers['cache-control']).toBe('no-store');
    expect(queue.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(queue.headers.etag).toBeUndefined();
    const sessions = await agent.get('/staff/account').expect(200);
    expect(sessions.text).toContain('(this browser)');
    await postForm(agent, '/staff', '/staff/sign-out', {}).then((r) => expect(r.status).toBe(303));
    await agent.get('/staff').expect(303);
    expect(await auditActions(user.id)).toEqual([
      'staff-user.invite',
      'staff-user.set-password',
      'staff-user.sign-in',
      'staff-user.sign-out',
    ]);
  });

  it('marks the cookie Secure when served over HTTPS', async () => {
    await account(t, 'secure@example.org');
    const agent = request.agent(t.http);
    const page = await agent.get('/staff/sign-in').expect(200);
    const response = await agent
      .post('/staff/sign-in')
      .set('x-forwarded-proto', 'https')
      .type('form')
      .send({
        _csrf: hiddenField(page.text, '_csrf'),
        email: 'secure@example.org',
        password: PASSWORD,
      });
    expect(response.status).toBe(303);
    const cookies = response.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((line) => line.startsWith('ct_session='))).toMatch(/Secure/);
  });

  it('ends a session after the idle timeout and on a password change', async () => {
    await account(t, 'idle@example.org');
    const { agent } = await signIn(t, 'idle@example.org');
    await agent.get('/staff').expect(200);
    const clock = t.app.get(Clock);
    const later = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 31 * 60_000));
    try {
      await agent.get('/staff').expect(303);
    } finally {
      later.mockRestore();
    }
    const { agent: second } = await signIn(t, 'idle@example.org');
    await second.get('/staff').expect(200);
    const admin = await account(t, 'boss@example.org', 'admin');
    const { agent: boss } = await signIn(t, 'boss@example.org');
    const reset = await postForm(
      boss,
      '/staff/admin/users',
      `/staff/admin/users/${(await t.prisma.staffUser.findFirstOrThrow({ where: { email: 'idle@example.org' } })).id}/reset`,
      {},
    );
    expect(reset.status).toBe(200);
    expect(reset.text).toContain('/staff/invitation?token=inv_');
    await second.get('/staff').expect(303);
    expect(admin.role).toBe('admin');
  });

  it('ends a session at the absolute timeout, however active', async () => {
    await account(t, 'busy@example.org');
    const { agent } = await signIn(t, 'busy@example.org');
    const clock = t.app.get(Clock);
    const signedInAt = Date.now();
    const statuses: number[] = [];
    try {
      // A request every 25 minutes, within the 30-minute idle timeout, for over 12 hours.
      for (let step = 1; step <= 29; step++) {
        jest.spyOn(clock, 'now').mockReturnValue(new Date(signedInAt + step * 25 * 60_000));
        statuses.push((await agent.get('/staff')).status);
      }
    } finally {
      jest.restoreAllMocks();
    }
    expect(statuses.slice(0, 28)).toEqual(Array(28).fill(200));
    expect(statuses[28]).toBe(303);
  });

  it('requires the CSRF token on every form', async () => {
    await account(t, 'csrf@example.org');
    const { agent } = await signIn(t, 'csrf@example.org');
    const refused = await agent.post('/staff/sign-out').type('form').send({}).expect(403);
    expect(refused.text).toContain('This form has expired');
    await agent.post('/staff/sign-out').type('form').send({ _csrf: 'forged' }).expect(403);
    await agent.get('/staff').expect(200);
    const reviews = () => t.prisma.review.count();
    const before = await reviews();
    await agent
      .post('/staff/commitments/climate-change-cooperation/reviews')
      .type('form')
      .send({ version: '1', formToken: 'no-csrf', note: 'Checked.' })
      .expect(403);
    await agent.post('/staff/reference/themes').type('form').send({ name: 'Forged' }).expect(403);
    expect(await reviews()).toBe(before);
    expect(await t.prisma.theme.count({ where: { name: 'Forged' } })).toBe(0);
    await request(t.http)
      .post('/staff/sign-in')
      .type('form')
      .send({ email: 'csrf@example.org', password: PASSWORD })
      .expect(403);
  });

  it('pauses sign-in into an account after repeated failures, and audits them', async () => {
    const user = await account(t, 'target@example.org');
    for (let attempt = 0; attempt < 3; attempt++) {
      const { response } = await signIn(t, 'target@example.org', 'not the password at all');
      expect(response.status).toBe(401);
      expect(response.text).toContain('The email or password is not right.');
    }
    const { response } = await signIn(t, 'target@example.org');
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    const actions = await auditActions(user.id);
    expect(actions.filter((action) => action === 'staff-user.sign-in-failed')).toHaveLength(3);
    expect(actions).toContain('staff-user.sign-in-refused');
    // Another account from the same address is still served (its address budget is larger).
    await account(t, 'neighbour@example.org');
    expect((await signIn(t, 'neighbour@example.org')).response.status).toBe(303);
  });

  it('pauses sign-in from an address after repeated failures on any accounts', async () => {
    await account(t, 'office@example.org');
    const address = '203.0.113.9';
    for (let attempt = 0; attempt < 8; attempt++) {
      const { response } = await signIn(t, `guess${attempt}@example.org`, 'wrong', address);
      expect(response.status).toBe(401);
    }
    const { response } = await signIn(t, 'office@example.org', PASSWORD, address);
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    // The account itself is not locked: from another address it signs in.
    expect((await signIn(t, 'office@example.org', PASSWORD, '198.51.100.7')).response.status).toBe(
      303,
    );
  });

  it('gives an editor a 403 page on admin pages, and refuses a disabled person', async () => {
    const editor = await account(t, 'editor@example.org');
    const { agent } = await signIn(t, 'editor@example.org');
    const forbidden = await agent.get('/staff/admin/users').expect(403);
    expect(forbidden.text).toContain('Not allowed');
    await account(t, 'chief@example.org', 'admin');
    const { agent: chief } = await signIn(t, 'chief@example.org');
    const disable = await postForm(
      chief,
      '/staff/admin/users',
      `/staff/admin/users/${editor.id}/disable`,
      {},
    );
    expect(disable.status).toBe(303);
    await agent.get('/staff').expect(303);
    expect((await signIn(t, 'editor@example.org')).response.status).toBe(401);
  });
});
