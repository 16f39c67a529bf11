import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('staff API: API keys, audit log, events, parties, themes', () => {
  let t: TestApp;
  let editor: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Yoon');
    admin = await bearer(t, 'admin', 'Admin Han');
  });
  afterAll(() => t.close());

  describe('/api/v1/api-keys', () => {
    it('creates a key shown once, lists keys without secrets, and revokes', async () => {
      const created = await request(t.http)
        .post('/api/v1/api-keys')
        .set('Authorization', admin)
        .send({ name: 'Reporter desk', role: 'editor' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'Reporter desk',
        role: 'editor',
        key: expect.stringMatching(/^ct_[A-Za-z0-9_-]{40,}$/),
      });
      const key = `Bearer ${created.body.key}`;
      await request(t.http)
        .post('/api/v1/evidence')
        .set('Authorization', key)
        .send({ url: 'https://example.org/by-new-key', title: 'x' })
        .expect(201);

      const list = await request(t.http)
        .get('/api/v1/api-keys')
        .set('Authorization', admin)
        .expect(200);
      const listed = list.body.data.find((k: { id: string }) => k.id === created.body.id);
      expect(listed).toMatchObject({
        name: 'Reporter desk',
        role: 'editor',
        keyPrefix: created.body.key.slice(0, 9),
        revokedAt: null,
        lastUsedAt: expect.any(String),
      });
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);
      expect(JSON.stringify(list.body)).not.toMatch(/hash/i);

      await request(t.http)
        .delete(`/api/v1/api-keys/${created.body.id}`)
        .set('Authorization', admin)
        .expect(204);
      const refused = await request(t.http)
        .post('/api/v1/evidence')
        .set('Authorization', key)
        .send({ url: 'https://example.org/after-revoke', title: 'x' });
      expectProblem(refused, 401);
      const actions = await t.prisma.auditEntry.findMany({
        where: { entityId: created.body.id },
        orderBy: { id: 'asc' },
      });
      expect(actions.map((a) => a.action)).toEqual(['api-key.create', 'api-key.revoke']);
      expect(JSON.stringify(actions.map((a) => [a.before, a.after]))).not.toContain(
        created.body.key,
      );
    });

    it('records last use at most once a minute', async () => {
      const auth = await bearer(t, 'editor', 'Touch test');
      const row = () => t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Touch test' } });
      expect((await row()).lastUsedAt).toBeNull();
      const use = () =>
        request(t.http)
          .patch('/api/v1/evidence/00000000-0000-4000-8000-000000000000')
          .set('Authorization', auth)
          .send({})
          .expect(404);
      await use();
      const first = (await row()).lastUsedAt;
      expect(first).toBeInstanceOf(Date);
      await use();
      expect((await row()).lastUsedAt).toEqual(first);
    });

    it('is for admins only, validates the body and answers 404 for an unknown key', async () => {
      expectProblem(
        await request(t.http).get('/api/v1/api-keys').set('Authorization', editor),
        403,
      );
      expectProblem(await request(t.http).get('/api/v1/api-keys'), 401);
      const badRole = await request(t.http)
        .post('/api/v1/api-keys')
        .set('Authorization', admin)
        .send({ name: 'x', role: 'root' });
      expectProblem(badRole, 400);
      const unknown = await request(t.http)
        .delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000')
        .set('Authorization', admin);
      expectProblem(unknown, 404);
    });
  });

  describe('GET /api/v1/audit', () => {
    it('filters by entity, actor and action and pages newest first', async () => {
      const commitment = await createCommitment(t, editor);
      await request(t.http)
        .post(`/api/v1/commitments/${commitment.id}/reviews`)
        .set('Authorization', editor)
        .set('If-Match', commitment.etag)
        .send({ note: 'Looked.' })
        .expect(201);
      const all = await request(t.http)
        .get('/api/v1/audit')
        .query({ entityType: 'commitment', entityId: commitment.id })
        .set('Authorization', admin)
        .expect(200);
      expect(all.body.data.map((e: { action: string }) => e.action)).toEqual([
        'commitment.review',
        'commitment.create',
      ]);
      expect(all.body.data[0]).toMatchObject({
        actor: 'Editor Yoon',
        entityType: 'commitment',
        before: expect.objectContaining({ version: 1 }),
        after: expect.objectContaining({ version: 2 }),
        at: expect.stringMatching(/Z$/),
      });

      const firstPage = await request(t.http)
        .get('/api/v1/audit')
        .query({ entityId: commitment.id, limit: 1 })
        .set('Authorization', admin)
        .expect(200);
      expect(firstPage.body.data).toHaveLength(1);
      const secondPage = await request(t.http)
        .get('/api/v1/audit')
        .query({ entityId: commitment.id, limit: 1, cursor: firstPage.body.page.nextCursor })
        .set('Authorization', admin)
        .expect(200);
      expect(secondPage.body.data[0].action).toBe('commitment.create');
      expect(secondPage.body.page.nextCursor).toBeNull();

      const byAction = await request(t.http)
        .get('/api/v1/audit')
        .query({ action: 'commitment.review', actor: 'Editor Yoon' })
        .set('Authorization', admin)
        .expect(200);
      expect(byAction.body.data.length).toBeGreaterThanOrEqual(1);
      expect(
        byAction.body.data.every((e: { action: string }) => e.action === 'commitment.review'),
      ).toBe(true);
    });

    it('finds the entries of every API-key write under one entity type', async () => {
      const created = await request(t.http)
        .post('/api/v1/api-keys')
        .set('Authorization', admin)
        .send({ name: 'Calendar user', role: 'editor' })
        .expect(201);
      await request(t.http)
        .post('/api/v1/reminders/calendar-token')
        .set('Authorization', `Bearer ${created.body.key}`)
        .expect(201);
      const entries = await request(t.http)
        .get('/api/v1/audit')
        .query({ entityType: 'api-key', entityId: created.body.id })
        .set('Authorization', admin)
        .expect(200);
      expect(entries.body.data.map((e: { action: string }) => e.action)).toEqual([
        'api-key.calendar-token',
        'api-key.create',
      ]);
    });

    it('is for admins only and refuses bad parameters', async () => {
      expectProblem(await request(t.http).get('/api/v1/audit').set('Authorization', editor), 403);
      const badCursor = await request(t.http)
        .get('/api/v1/audit')
        .query({ cursor: 'nope' })
        .set('Authorization', admin);
      expectProblem(badCursor, 400);
      const unknownFilter = await request(t.http)
        .get('/api/v1/audit')
        .query({ who: 'x' })
        .set('Authorization', admin);
      expectProblem(unknownFilter, 400);
    });
  });

  describe('events, parties and themes', () => {
    it("creates, edits and archives an event; an edit moves its commitments' versions", async () => {
      const created = await request(t.http)
        .post('/api/v1/events')
        .set('Authorization', editor)
        .send({
          slug: 'kr-jp-summit-2023',
          title: 'Korea-Japan summit',
          heldOn: '2023-03-16',
          format: 'in person',
          location: 'Tokyo',
          participants: ['Yoon Suk Yeol', 'Kishida Fumio'],
        })
        .expect(201);
      expect(created.body).toMatchObject({ slug: 'kr-jp-summit-2023', heldOn: '2023-03-16' });
      await request(t.http).get('/api/v1/events/kr-jp-summit-2023').expect(200);

      const pledge = await createCommitment(t, editor, {
        event: 'kr-jp-summit-2023',
        madeOn: '2023-03-16',
      });
      const edited = await request(t.http)
        .patch('/api/v1/events/kr-jp-summit-2023')
        .set('Authorization', editor)
        .send({ title: 'Korea–Japan summit', location: null })
        .expect(200);
      expect(edited.body).toMatchObject({ title: 'Korea–Japan summit', location: null });
      const after = await request(t.http).get(`/api/v1/commitments/${pledge.id}`).expect(200);
      expect(after.body).toMatchObject({ version: 2, event: { title: 'Korea–Japan summit' } });

      const inUse = await request(t.http)
        .delete('/api/v1/events/kr-jp-summit-2023')
        .set('Authorization', admin);
      expectProblem(inUse, 409);
      await request(t.http)
        .delete(`/api/v1/commitments/${pledge.id}`)
        .set('Authorization', admin)
        .set('If-Match', '"v2"')
        .expect(204);
      expectProblem(
        await request(t.http)
          .delete('/api/v1/events/kr-jp-summit-2023')
          .set('Authorization', editor),
        403,
      );
      await request(t.http)
        .delete('/api/v1/events/kr-jp-summit-2023')
        .set('Authorization', admin)
        .expect(204);
      await request(t.http).get('/api/v1/events/kr-jp-summit-2023').expect(404);
      const actions = await t.prisma.auditEntry.findMany({
        where: {
          entityType: 'event',
          entityId: (
            await t.prisma.event.findUniqueOrThrow({ where: { slug: 'kr-jp-summit-2023' } })
          ).id,
        },
        orderBy: { id: 'asc' },
      });
      expect(actions.map((a) => a.action)).toEqual([
        'event.create',
        'event.update',
        'event.archive',
      ]);
    });

    it('creates and edits a party and a theme', async () => {
      await request(t.http)
        .post('/api/v1/parties')
        .set('Authorization', editor)
        .send({ code: 'JP', name: 'Japan', nameKo: '일본' })
        .expect(201);
      const party = await request(t.http)
        .patch('/api/v1/parties/JP')
        .set('Authorization', editor)
        .send({ nameZh: '日本' })
        .expect(200);
      expect(party.body).toEqual({ code: 'JP', name: 'Japan', nameKo: '일본', nameZh: '日本' });
      const theme = await request(t.http)
        .post('/api/v1/themes')
        .set('Authorization', editor)
        .send({ slug: 'maritime-affairs', name: 'Maritime affairs' })
        .expect(201);
      expect(theme.body).toEqual({
        slug: 'maritime-affairs',
        name: 'Maritime affairs',
        description: null,
      });
      const themes = await request(t.http).get('/api/v1/themes').expect(200);
      expect(themes.body.data.map((x: { slug: string }) => x.slug)).toContain('maritime-affairs');
      await request(t.http)
        .delete('/api/v1/themes/maritime-affairs')
        .set('Authorization', admin)
        .expect(204);
    });

    it('takes a one-letter party code wherever a party code is taken', async () => {
      await request(t.http)
        .post('/api/v1/parties')
        .set('Authorization', editor)
        .send({ code: 'X', name: 'Party X' })
        .expect(201);
      const commitment = await createCommitment(t, editor, { parties: ['X'] });
      const filtered = await request(t.http).get('/api/v1/commitments?party=X').expect(200);
      expect(filtered.body.data.map((c: { id: string }) => c.id)).toEqual([commitment.id]);
      await request(t.http).get('/api/v1/commitments?party=x').expect(400);
    });

    it.each([
      ['post', '/api/v1/events', { slug: SEEDED_EVENT, title: 'x', heldOn: '2021-12-23' }, 409],
      ['post', '/api/v1/parties', { code: 'KR', name: 'Again' }, 409],
      ['post', '/api/v1/parties', { code: 'kr', name: 'Lower case' }, 400],
      // What the database's check refuses is a 400 here, not a 500 there.
      ['post', '/api/v1/parties', { code: '9K', name: 'Digit first' }, 400],
      ['post', '/api/v1/themes', { slug: 'Not A Slug', name: 'x' }, 400],
      [
        'post',
        '/api/v1/events',
        { slug: 'e', title: 'x', heldOn: '2021-12-23', archived: true },
        400,
      ],
      ['patch', '/api/v1/themes/no-such-theme', { name: 'x' }, 404],
      ['patch', '/api/v1/parties/KR', { code: 'XX' }, 400],
      ['patch', '/api/v1/parties/KR', { name: null }, 400],
      ['delete', '/api/v1/parties/KR', undefined, 409],
    ])('%s %s %j answers %i', async (method, url, body, status) => {
      const agent = request(t.http);
      const call = (
        method === 'post'
          ? agent.post(url)
          : method === 'patch'
            ? agent.patch(url)
            : agent.delete(url)
      ).set('Authorization', method === 'delete' ? admin : editor);
      expectProblem(await (body ? call.send(body) : call), status);
    });

    it('needs a key to write', async () => {
      expectProblem(
        await request(t.http).post('/api/v1/themes').send({ slug: 'a', name: 'b' }),
        401,
      );
    });
  });

  it('records exactly one audit entry per write, in order, with the actor', async () => {
    const auth = await bearer(t, 'editor', 'Audit walker');
    const send = (
      method: 'post' | 'patch' | 'delete',
      url: string,
      body?: object,
      etag?: string,
    ) => {
      const call = request(t.http)[method](url).set('Authorization', auth);
      if (etag) void call.set('If-Match', etag);
      return body ? call.send(body) : call;
    };
    const commitment = await createCommitment(t, auth, { title: 'Audited pledge' });
    const url = `/api/v1/commitments/${commitment.id}`;
    await send('patch', url, { summary: 'edited' }, '"v1"').expect(200);
    await send('post', `${url}/updates`, { status: 'IN_PROGRESS', note: 'go' }, '"v2"').expect(201);
    await send('post', `${url}/reviews`, { note: 'checked' }, '"v3"').expect(201);
    const evidence = await send('post', '/api/v1/evidence', {
      url: 'https://example.org/audited',
      title: 'A',
    }).expect(201);
    await send('patch', `/api/v1/evidence/${evidence.body.id}`, { title: 'B' }).expect(200);
    await send(
      'post',
      `${url}/evidence`,
      { evidenceId: evidence.body.id, stance: 'SUPPORTS' },
      '"v4"',
    ).expect(201);
    await send('delete', `${url}/evidence/${evidence.body.id}`, undefined, '"v5"').expect(204);
    await send('post', '/api/v1/themes', { slug: 'audited-theme', name: 'T' }).expect(201);
    await send('patch', '/api/v1/themes/audited-theme', { name: 'T2' }).expect(200);
    await send('patch', url, { title: null }, '"v6"').expect(400);
    await send('post', `${url}/reviews`, { note: 'late' }, '"v1"').expect(412);

    const audit = await request(t.http)
      .get('/api/v1/audit')
      .query({ actor: 'Audit walker' })
      .set('Authorization', admin)
      .expect(200);
    expect(audit.body.data.map((e: { action: string }) => e.action).reverse()).toEqual([
      'commitment.create',
      'commitment.update',
      'commitment.status-update',
      'commitment.review',
      'evidence.create',
      'evidence.update',
      'commitment.evidence-link',
      'commitment.evidence-unlink',
      'theme.create',
      'theme.update',
    ]);
  });

  it('documents every write route with the API key security scheme', async () => {
    const document = (await request(t.http).get('/api/openapi.json').expect(200)).body;
    const writes = Object.entries(
      document.paths as Record<
        string,
        Record<string, { security?: object[]; parameters?: object[] }>
      >,
    ).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
    );
    // The public follow request is the one write without a key (test/security checks that).
    const staffWrites = writes.filter(({ route }) => route !== 'post /api/v1/subscriptions');
    expect(writes.map((w) => w.route)).toEqual(
      expect.arrayContaining([
        'post /api/v1/commitments',
        'patch /api/v1/commitments/{idOrSlug}',
        'delete /api/v1/commitments/{idOrSlug}',
        'post /api/v1/commitments/{idOrSlug}/updates',
        'post /api/v1/commitments/{idOrSlug}/reviews',
        'post /api/v1/commitments/{idOrSlug}/evidence',
        'delete /api/v1/commitments/{idOrSlug}/evidence/{evidenceId}',
        'post /api/v1/evidence',
        'patch /api/v1/evidence/{id}',
        'post /api/v1/api-keys',
        'delete /api/v1/api-keys/{id}',
        'post /api/v1/events',
        'patch /api/v1/parties/{code}',
        'delete /api/v1/themes/{slug}',
      ]),
    );
    for (const { route, operation } of staffWrites) {
      expect(operation.security).toEqual([{ apiKey: [] }]);
      if (route.startsWith('post ')) {
        expect(operation.parameters).toEqual(
          expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key' })]),
        );
      }
    }
  });
});
