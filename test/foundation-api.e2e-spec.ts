import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('foundation: first public endpoints on the seeded dialogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('GET /api/v1/commitments', () => {
    it('lists the seeded pledges in the documented shape', async () => {
      const response = await request(t.http).get('/api/v1/commitments').expect(200);
      expect(response.body.page).toEqual({ nextCursor: null, limit: 20 });
      expect(response.body.data).toHaveLength(9);
      const pledge = response.body.data.find(
        (c: { slug: string }) => c.slug === 'mature-partnership-30th-anniversary',
      );
      expect(pledge).toMatchObject({
        status: 'NOT_STARTED',
        progress: null,
        stale: false,
        staleSince: null,
        madeOn: '2021-12-23',
        targetDate: '2022-08-24',
        version: 1,
        event: { slug: 'kr-cn-strategic-dialogue-2021-12-23', heldOn: '2021-12-23' },
        themes: [{ slug: 'bilateral-relations', name: 'Bilateral relations' }],
      });
      expect(pledge.quote).toContain('more mature and future-oriented relations');
      expect(pledge.parties).toEqual(
        expect.arrayContaining([
          { code: 'KR', name: 'South Korea', nameKo: '대한민국', nameZh: '韩国', role: 'PLEDGING' },
        ]),
      );
      expect(pledge.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('walks every pledge exactly once with small pages', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: request.Response = await request(t.http)
          .get('/api/v1/commitments')
          .query({ limit: 2, ...(cursor && { cursor }) })
          .expect(200);
        expect(response.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...response.body.data.map((c: { id: string }) => c.id));
        cursor = response.body.page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(9);
      expect(new Set(seen).size).toBe(9);
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ unknown: 'x' }, 'unknown'],
    ])('refuses %j with a 400 naming the parameter', async (query, field) => {
      const response = await request(t.http).get('/api/v1/commitments').query(query);
      expectProblem(response, 400);
      expect(response.body.detail).toContain(field);
    });
  });

  describe('GET /api/v1/commitments/{idOrSlug}', () => {
    it('finds a pledge by slug and by id, with counts', async () => {
      const bySlug = await request(t.http)
        .get('/api/v1/commitments/peninsula-stability-denuclearization-peace')
        .expect(200);
      expect(bySlug.body).toMatchObject({ updatesCount: 0, evidenceCount: 5 });
      const byId = await request(t.http).get(`/api/v1/commitments/${bySlug.body.id}`).expect(200);
      expect(byId.body).toEqual(bySlug.body);
    });

    it('answers 404 problem+json for an unknown slug or id', async () => {
      expectProblem(await request(t.http).get('/api/v1/commitments/no-such-pledge'), 404);
      expectProblem(
        await request(t.http).get('/api/v1/commitments/00000000-0000-4000-8000-000000000000'),
        404,
      );
    });

    it('hides archived pledges', async () => {
      await t.prisma.commitment.update({
        where: { slug: 'expand-substantial-cooperation' },
        data: { archived: true },
      });
      expectProblem(
        await request(t.http).get('/api/v1/commitments/expand-substantial-cooperation'),
        404,
      );
      const list = await request(t.http).get('/api/v1/commitments').expect(200);
      expect(list.body.data.map((c: { slug: string }) => c.slug)).not.toContain(
        'expand-substantial-cooperation',
      );
      await t.prisma.commitment.update({
        where: { slug: 'expand-substantial-cooperation' },
        data: { archived: false },
      });
    });
  });

  it('lists events, parties and themes', async () => {
    const events = await request(t.http).get('/api/v1/events').expect(200);
    expect(events.body.data).toEqual([
      expect.objectContaining({
        slug: 'kr-cn-strategic-dialogue-2021-12-23',
        heldOn: '2021-12-23',
        format: 'virtual',
        participants: expect.arrayContaining([expect.stringContaining('Choi Jong-kun')]),
        sourceUrl: 'http://www.koreaherald.com/view.php?ud=20211224000458',
      }),
    ]);
    await request(t.http).get('/api/v1/events/kr-cn-strategic-dialogue-2021-12-23').expect(200);
    expectProblem(await request(t.http).get('/api/v1/events/nope'), 404);
    const parties = await request(t.http).get('/api/v1/parties').expect(200);
    expect(parties.body.data.map((p: { code: string }) => p.code)).toEqual(['CN', 'KR']);
    const themes = await request(t.http).get('/api/v1/themes').expect(200);
    expect(themes.body.data).toHaveLength(6);
  });

  it('reports health: live without the database, ready with it', async () => {
    await request(t.http).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('publishes the OpenAPI document and the docs page', async () => {
    const document = await request(t.http).get('/api/openapi.json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/commitments',
        '/api/v1/commitments/{idOrSlug}',
        '/api/v1/events',
        '/api/v1/parties',
        '/api/v1/themes',
        '/health/ready',
      ]),
    );
    const docs = await request(t.http).get('/api/docs').expect(200);
    expect(docs.text).toContain('swagger');
  });

  it('answers unknown routes and malformed bodies with problem+json', async () => {
    expectProblem(await request(t.http).get('/no/such/route'), 404);
    const malformed = await request(t.http)
      .post('/api/v1/commitments')
      .set('content-type', 'application/json')
      .send('{"title": ');
    expect([400, 404]).toContain(malformed.status);
    expectProblem(malformed, malformed.status);
  });
});
