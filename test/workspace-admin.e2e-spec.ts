import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, hiddenField, postForm, signIn } from './support/workspace.js';

describe('staff workspace admin pages', () => {
  let t: TestApp;
  let admin: ReturnType<typeof request.agent>;
  let adminId: string;

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await account(t, 'root@example.org', 'admin')).id;
    admin = (await signIn(t, 'root@example.org')).agent;
  });
  afterAll(async () => {
    await t.close();
  });

  it('filters the audit log', async () => {
    const page = await admin.get('/staff/admin/audit?action=staff-user.sign-in').expect(200);
    expect(page.text).toContain('staff-user.sign-in on staff-user');
    expect(page.text).not.toContain('staff-user.invite on');
    const none = await admin.get('/staff/admin/audit?actor=nobody').expect(200);
    expect(none.text).toContain('No entry matches.');
  });

  it('runs a job now and lists its run', async () => {
    const ran = await postForm(admin, '/staff/admin/jobs', '/staff/admin/jobs/stale-check/run', {});
    expect(ran.status).toBe(303);
    const runs = await t.prisma.jobRun.findMany({ where: { name: 'stale-check' } });
    expect(runs).toHaveLength(1);
    expect((await admin.get('/staff/admin/jobs').expect(200)).text).toContain('SUCCEEDED');
    const unknown = await postForm(admin, '/staff/admin/jobs', '/staff/admin/jobs/nope/run', {});
    expect(unknown.status).toBe(404);
  });

  it('lists failed notifications', async () => {
    expect((await admin.get('/staff/admin/notifications').expect(200)).text).toContain(
      'No notification has failed.',
    );
    const commitment = await t.prisma.commitment.findFirstOrThrow();
    const reminder = await t.prisma.reminder.create({
      data: { commitmentId: commitment.id, kind: 'CUSTOM', dueAt: new Date() },
    });
    await t.prisma.notification.create({
      data: {
        reminderId: reminder.id,
        state: 'FAILED',
        attemptCount: 8,
        lastError: 'webhook answered 500',
        finishedAt: new Date(),
      },
    });
    const page = await admin.get('/staff/admin/notifications').expect(200);
    expect(page.text).toContain('webhook answered 500');
    expect(page.text).toContain(`href="/staff/commitments/${commitment.slug}"`);
  });

  it('creates an API key owned by the admin, which acts as them, and revokes it', async () => {
    const created = await postForm(admin, '/staff/admin/api-keys', '/staff/admin/api-keys', {
      name: 'Spreadsheet sync',
      role: 'editor',
    });
    expect(created.status).toBe(200);
    const key = /<code class="invitation-link">(ct_[^<]+)<\/code>/.exec(created.text)![1];
    const row = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Spreadsheet sync' } });
    expect(row.staffUserId).toBe(adminId);
    await request(t.http)
      .post('/api/v1/evidence')
      .set('authorization', `Bearer ${key}`)
      .send({ url: 'https://example.org/owned-key', title: 'Owned' })
      .expect(201);
    const entry = await t.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'evidence.create' },
    });
    expect(entry).toMatchObject({ actor: 'root', apiKeyId: row.id, staffUserId: adminId });
    const revoked = await admin
      .post(`/staff/admin/api-keys/${row.id}/revoke`)
      .type('form')
      .send({ _csrf: hiddenField(created.text, '_csrf') });
    expect(revoked.status).toBe(303);
    await request(t.http)
      .get('/api/v1/reminders')
      .set('authorization', `Bearer ${key}`)
      .expect(401);
  });

  it("changes a person's role, refusing one that does not exist", async () => {
    const editor = await account(t, 'promoted@example.org');
    const bad = await postForm(
      admin,
      '/staff/admin/users',
      `/staff/admin/users/${editor.id}/role`,
      {
        role: 'owner',
      },
    );
    expect(bad.status).toBe(400);
    const changed = await postForm(
      admin,
      '/staff/admin/users',
      `/staff/admin/users/${editor.id}/role`,
      { role: 'admin' },
    );
    expect(changed.status).toBe(303);
    const row = await t.prisma.staffUser.findUniqueOrThrow({ where: { id: editor.id } });
    expect(row.role).toBe('admin');
  });

  it('disabling a person revokes their API keys', async () => {
    const leaver = await account(t, 'leaver@example.org', 'admin');
    const { agent } = await signIn(t, 'leaver@example.org');
    await postForm(agent, '/staff/admin/api-keys', '/staff/admin/api-keys', {
      name: 'Leaver key',
      role: 'editor',
    });
    await postForm(admin, '/staff/admin/users', `/staff/admin/users/${leaver.id}/disable`, {});
    const key = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Leaver key' } });
    expect(key.revokedAt).not.toBeNull();
  });
});

describe('staff workspace reference data and evidence library', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an editor add a theme, with errors beside fields, and only an admin archive one', async () => {
    await account(t, 'writer@example.org');
    const { agent: editor } = await signIn(t, 'writer@example.org');
    const refused = await postForm(editor, '/staff/reference/themes', '/staff/reference/themes', {
      slug: 'Not A Slug',
      name: '',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="ref-slug-error"');
    expect(refused.text).toContain('id="ref-name-error"');
    expect(refused.text).toContain('value="Not A Slug"');
    const added = await postForm(editor, '/staff/reference/themes', '/staff/reference/themes', {
      slug: 'ocean-policy',
      name: 'Ocean policy',
    });
    expect(added.status).toBe(303);
    expect((await request(t.http).get('/themes/ocean-policy').expect(200)).text).toContain(
      'Ocean policy',
    );
    const forbidden = await postForm(
      editor,
      '/staff/reference/themes',
      '/staff/reference/themes/ocean-policy/archive',
      {},
    );
    expect(forbidden.status).toBe(403);

    await account(t, 'keeper@example.org', 'admin');
    const { agent: keeper } = await signIn(t, 'keeper@example.org');
    const inUse = await postForm(
      keeper,
      '/staff/reference/themes',
      '/staff/reference/themes/bilateral-relations/archive',
      {},
    );
    expect(inUse.status).toBe(409);
    const archived = await postForm(
      keeper,
      '/staff/reference/themes',
      '/staff/reference/themes/ocean-policy/archive',
      {},
    );
    expect(archived.status).toBe(303);
    await request(t.http).get('/themes/ocean-policy').expect(404);
    await keeper.get('/staff/reference/nothing').expect(404);
  });

  it('searches, adds and edits articles in the evidence library', async () => {
    await account(t, 'librarian@example.org');
    const { agent } = await signIn(t, 'librarian@example.org');
    const known = await t.prisma.evidence.findFirstOrThrow();
    const tracked = new URL(known.url);
    tracked.searchParams.set('utm_source', 'feed');
    const duplicate = await postForm(agent, '/staff/evidence', '/staff/evidence', {
      url: tracked.href,
      title: 'Same article again',
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain(`/staff/evidence/${known.id}`);
    const added = await postForm(agent, '/staff/evidence', '/staff/evidence', {
      url: 'https://example.org/library-piece',
      title: 'Library piece',
      publishedOn: '2022-01-05',
    });
    expect(added.status).toBe(303);
    const page = added.headers.location;
    const found = await agent.get('/staff/evidence?q=library').expect(200);
    expect(found.text).toContain(`href="${page}"`);
    expect(found.text).not.toContain(`href="/staff/evidence/${known.id}"`);
    const refused = await postForm(agent, page, page, {
      url: 'https://example.org/library-piece',
      title: 'Library piece',
      publishedOn: 'last week',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="article-publishedOn-error"');
    const edited = await postForm(agent, page, page, {
      url: 'https://example.org/library-piece',
      title: 'Library piece, revised',
      publisher: 'Example Daily',
    });
    expect(edited.status).toBe(303);
    const row = await t.prisma.evidence.findFirstOrThrow({
      where: { url: 'https://example.org/library-piece' },
    });
    expect(row).toMatchObject({ title: 'Library piece, revised', publisher: 'Example Daily' });
    expect(row.publishedOn).toBeNull();
  });
});
