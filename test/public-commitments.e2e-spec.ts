import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { commitmentEtag } from '../src/commitments/commitment-etag.js';
import { addTiedCommitments, countStatements, setCommitment } from './support/public-data.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';
const TIES = 'tied-event';
const TIED_ROWS = 45;

type Row = { id: string; slug: string; title: string; [key: string]: unknown };

const expectProblem = (response: request.Response, status: number, field?: string) => {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, title: expect.any(String) });
  if (field) expect(response.body.detail).toContain(field);
};

describe('public read API: commitments', () => {
  let t: TestApp;
  const list = (query: Record<string, unknown>) =>
    request(t.http).get('/api/v1/commitments').query(query);
  const slugs = async (query: Record<string, unknown>): Promise<string[]> => {
    const response = await list({ event: EVENT, limit: 100, ...query }).expect(200);
    return response.body.data.map((row: Row) => row.slug).sort();
  };
  /** Every row of a listing, walked page by page. */
  const walk = async (query: Record<string, unknown>): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await list({ ...query, ...(cursor && { cursor }) }).expect(
        200,
      );
      rows.push(...response.body.data);
      cursor = response.body.page.nextCursor;
    } while (cursor);
    return rows;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await setCommitment(t, 'raw-material-supply-chain-security', {
      status: 'IN_PROGRESS',
      staleSince: new Date('2025-01-01T00:00:00Z'),
      targetDate: new Date('2023-06-30'),
    });
    await setCommitment(t, 'climate-change-cooperation', {
      status: 'FULFILLED',
      targetDate: new Date('2022-06-30'),
    });
    await setCommitment(t, 'peace-process-end-of-war-declaration', {
      status: 'STALLED',
      targetDate: new Date('2099-01-01'),
    });
    await setCommitment(t, 'revitalize-cultural-exchanges', { archived: true });
    await addTiedCommitments(t, TIES, TIED_ROWS);
  });
  afterAll(() => t.close());

  describe('filters', () => {
    it('status, one or several, repeated or comma-separated', async () => {
      expect(await slugs({ status: 'FULFILLED' })).toEqual(['climate-change-cooperation']);
      const both = ['peace-process-end-of-war-declaration', 'raw-material-supply-chain-security'];
      expect(await slugs({ status: ['IN_PROGRESS', 'STALLED'] })).toEqual(both);
      expect(await slugs({ status: 'IN_PROGRESS,STALLED' })).toEqual(both);
    });

    it('theme, party and event', async () => {
      expect(await slugs({ theme: 'high-level-exchanges' })).toEqual([
        'leader-and-high-level-exchanges',
        'strategic-communication-face-to-face-and-virtual',
      ]);
      expect(await slugs({ theme: 'no-such-theme' })).toEqual([]);
      expect(await slugs({ party: 'KR' })).toHaveLength(8);
      expect(await slugs({ party: 'US' })).toEqual([]);
      const tied = await list({ event: TIES, limit: 100 }).expect(200);
      expect(tied.body.data).toHaveLength(TIED_ROWS);
    });

    it('stale and overdue (terminal commitments are never overdue)', async () => {
      expect(await slugs({ stale: true })).toEqual(['raw-material-supply-chain-security']);
      expect(await slugs({ stale: false })).toHaveLength(7);
      expect(await slugs({ overdue: true })).toEqual([
        'mature-partnership-30th-anniversary',
        'raw-material-supply-chain-security',
      ]);
      expect(await slugs({ overdue: false })).toHaveLength(6);
    });

    it('target date range, inclusive at both ends', async () => {
      expect(await slugs({ targetAfter: '2022-06-30', targetBefore: '2022-08-24' })).toEqual([
        'climate-change-cooperation',
        'mature-partnership-30th-anniversary',
      ]);
      expect(await slugs({ targetAfter: '2030-01-01' })).toEqual([
        'peace-process-end-of-war-declaration',
      ]);
      expect(await slugs({ targetBefore: '2022-06-29' })).toEqual([]);
    });

    it('combines filters with AND', async () => {
      expect(await slugs({ overdue: true, stale: true, party: 'CN' })).toEqual([
        'raw-material-supply-chain-security',
      ]);
    });

    it('never lists archived commitments, whatever the filter', async () => {
      const all = await walk({ limit: 100 });
      expect(all.map((row) => row.slug)).not.toContain('revitalize-cultural-exchanges');
      expect(await slugs({ theme: 'culture-exchange' })).not.toContain(
        'revitalize-cultural-exchanges',
      );
      expect(await slugs({ q: 'cultural' })).not.toContain('revitalize-cultural-exchanges');
    });
  });

  describe('full-text search', () => {
    it('matches title, summary and quote, best match first', async () => {
      const response = await list({ q: 'denuclearization' }).expect(200);
      const found = response.body.data.map((row: Row) => row.slug);
      expect(found[0]).toBe('peninsula-stability-denuclearization-peace');
      expect(await slugs({ q: 'supply chain' })).toContain('raw-material-supply-chain-security');
      expect(await slugs({ q: '"end-of-war declaration"' })).toEqual([
        'peace-process-end-of-war-declaration',
      ]);
    });

    it('pages through ranked results without repeats', async () => {
      const rows = await walk({ q: 'cooperation', limit: 1 });
      expect(rows.length).toBeGreaterThan(1);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      const all = await list({ q: 'cooperation', limit: 100 }).expect(200);
      expect(rows.map((row) => row.id)).toEqual(all.body.data.map((row: Row) => row.id));
    });

    it.each([
      `'":*&|!()<>\\`,
      "'; DROP TABLE commitment; --",
      "x' OR '1'='1",
      'a & | ! b :* ( ) <-> <2>',
      '\u0000null\u0000byte',
      '한국 中国 😀',
      'the',
      'x'.repeat(200),
    ])('is safe for hostile input %j', async (q) => {
      const response = await list({ q }).expect(200);
      expect(Array.isArray(response.body.data)).toBe(true);
    });

    it('refuses a search longer than 200 characters', async () => {
      expectProblem(await list({ q: 'x'.repeat(201) }), 400, 'q');
      expect(await t.prisma.commitment.count()).toBeGreaterThan(0);
    });
  });

  describe('sort orders and keyset pagination', () => {
    const expectSorted = (rows: Row[], key: (row: Row) => string, descending: boolean) => {
      const values = rows.map(key);
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(values).toEqual(descending ? sorted.reverse() : sorted);
    };

    it('defaults to the newest change first', async () => {
      const rows = await walk({ limit: 100 });
      expectSorted(rows, (row) => String(row.updatedAt), true);
    });

    it.each([
      ['madeOn', (row: Row) => String(row.madeOn)],
      ['title', (row: Row) => row.title],
      ['updatedAt', (row: Row) => String(row.updatedAt)],
    ])('sorts by %s both ways', async (sort, key) => {
      const ascending = await list({ sort, limit: 100 }).expect(200);
      const descending = await list({ sort: `-${sort}`, limit: 100 }).expect(200);
      expectSorted(ascending.body.data, key, false);
      expectSorted(descending.body.data, key, true);
    });

    it('sorts by target date both ways, commitments without one last', async () => {
      for (const sort of ['targetDate', '-targetDate']) {
        const rows = await walk({ event: EVENT, sort, limit: 2 });
        const dated = rows.filter((row) => row.targetDate !== null);
        expect(rows.slice(0, dated.length)).toEqual(dated);
        expectSorted(dated, (row) => String(row.targetDate), sort.startsWith('-'));
        expect(rows).toHaveLength(8);
      }
    });

    it.each([
      '-updatedAt',
      'updatedAt',
      'madeOn',
      '-madeOn',
      'title',
      '-title',
      'targetDate',
      '-targetDate',
    ])('walks %s page by page, every row once, even when all sort values tie', async (sort) => {
      const rows = await walk({ event: TIES, sort, limit: 7 });
      expect(rows).toHaveLength(TIED_ROWS);
      expect(new Set(rows.map((row) => row.id)).size).toBe(TIED_ROWS);
    });

    it('returns each row once while rows change between pages', async () => {
      const first = await list({ event: TIES, sort: 'title', limit: 10 }).expect(200);
      // A row already seen and a row not yet seen both change; neither is lost nor repeated.
      await t.prisma.commitment.update({
        where: { id: first.body.data[0].id },
        data: { summary: 'changed' },
      });
      const unseen = await t.prisma.commitment.findFirst({
        where: { event: { slug: TIES }, id: { notIn: first.body.data.map((row: Row) => row.id) } },
      });
      await t.prisma.commitment.update({ where: { id: unseen!.id }, data: { progress: 10 } });
      const rest = await walk({
        event: TIES,
        sort: 'title',
        limit: 10,
        cursor: first.body.page.nextCursor,
      });
      const ids = [...first.body.data, ...rest].map((row: Row) => row.id);
      expect(ids).toHaveLength(TIED_ROWS);
      expect(new Set(ids).size).toBe(TIED_ROWS);
    });

    it('refuses a cursor from another sort, or a tampered one', async () => {
      const page = await list({ sort: 'title', limit: 1 }).expect(200);
      expectProblem(
        await list({ sort: 'madeOn', cursor: page.body.page.nextCursor }),
        400,
        'cursor',
      );
      const forged = (values: unknown[]) =>
        Buffer.from(JSON.stringify(values)).toString('base64url');
      for (const cursor of [
        forged(['-updatedAt', 'not a date', '00000000-0000-4000-8000-000000000000']),
        forged(['-updatedAt', '2024-13-45T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
        forged(['madeOn', '2024-02-30', '00000000-0000-4000-8000-000000000000']),
        forged(['title', 'x\u0000', '00000000-0000-4000-8000-000000000000']),
        forged(['-updatedAt', '2024-05-02T00:00:00.000Z', 'not-a-uuid']),
        forged(['-updatedAt', '2024-05-02T00:00:00.000Z']),
        'not base64 json',
      ]) {
        expectProblem(await list({ cursor }), 400, 'cursor');
      }
    });
  });

  describe('bad query values', () => {
    it.each([
      [{ status: 'DONE' }, 'status'],
      [{ status: ['FULFILLED', 'nope'] }, 'status'],
      [{ limit: 101 }, 'limit'],
      [{ limit: 0 }, 'limit'],
      [{ sort: 'popularity' }, 'sort'],
      [{ sort: '--title' }, 'sort'],
      [{ stale: 'yes' }, 'stale'],
      [{ overdue: '1' }, 'overdue'],
      [{ targetBefore: '2022-02-30' }, 'targetBefore'],
      [{ targetAfter: '31/12/2022' }, 'targetAfter'],
      [{ theme: 'Not A Slug' }, 'theme'],
      [{ event: "x'; --" }, 'event'],
      [{ party: 'kr' }, 'party'],
      [{ colour: 'red' }, 'colour'],
    ])('%j is a 400 naming the parameter', async (query, field) => {
      expectProblem(await list(query), 400, field);
      expect(
        (await list(query)).body.errors.map((error: { field: string }) => error.field),
      ).toContain(field);
    });
  });

  describe('one commitment', () => {
    const SLUG = 'peninsula-stability-denuclearization-peace';

    beforeAll(async () => {
      const commitment = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
      const evidence = await t.prisma.evidence.findMany({ take: 2, orderBy: { url: 'asc' } });
      for (const [index, toStatus] of (
        ['IN_PROGRESS', 'STALLED', 'IN_PROGRESS'] as const
      ).entries()) {
        await t.prisma.statusUpdate.create({
          data: {
            commitmentId: commitment.id,
            fromStatus: index === 0 ? 'NOT_STARTED' : index === 1 ? 'IN_PROGRESS' : 'STALLED',
            toStatus,
            note: `update ${index + 1}`,
            effectiveOn: new Date(`2022-0${index + 1}-15`),
            recordedAt: new Date(`2022-0${index + 1}-16T10:00:00Z`),
            actor: 'editor',
            evidence: { create: evidence.slice(0, index).map((e) => ({ evidenceId: e.id })) },
          },
        });
      }
    });

    it('has the shape of the list plus counts, and its version as ETag', async () => {
      const response = await request(t.http).get(`/api/v1/commitments/${SLUG}`).expect(200);
      expect(response.body).toMatchObject({ slug: SLUG, updatesCount: 3, evidenceCount: 5 });
      expect(response.headers.etag).toBe(commitmentEtag(response.body.version));
      expect(response.headers['cache-control']).toMatch(/public/);
    });

    it('answers 304 to a current ETag, and a new ETag once the version changes', async () => {
      const url = `/api/v1/commitments/${SLUG}`;
      const first = await request(t.http).get(url).expect(200);
      const cached = await request(t.http).get(url).set('if-none-match', first.headers.etag);
      expect(cached.status).toBe(304);
      expect(cached.text ?? '').toBe('');
      await t.prisma.commitment.update({
        where: { slug: SLUG },
        data: { version: { increment: 1 } },
      });
      const changed = await request(t.http).get(url).set('if-none-match', first.headers.etag);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).toBe(commitmentEtag(first.body.version + 1));
    });

    it('lists the timeline newest first with each update`s evidence, paginated', async () => {
      const url = `/api/v1/commitments/${SLUG}/updates`;
      const page1 = await request(t.http).get(url).query({ limit: 2 }).expect(200);
      expect(page1.body.data.map((u: { note: string }) => u.note)).toEqual([
        'update 3',
        'update 2',
      ]);
      expect(page1.body.data[0]).toMatchObject({
        fromStatus: 'STALLED',
        toStatus: 'IN_PROGRESS',
        effectiveOn: '2022-03-15',
        recordedAt: '2022-03-16T10:00:00.000Z',
        actor: 'Commitment Tracker',
      });
      expect(page1.body.data[0].evidence).toHaveLength(2);
      expect(page1.body.data[0].evidence[0]).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          url: expect.any(String),
          title: expect.any(String),
        }),
      );
      const page2 = await request(t.http)
        .get(url)
        .query({ limit: 2, cursor: page1.body.page.nextCursor })
        .expect(200);
      expect(page2.body.data.map((u: { note: string }) => u.note)).toEqual(['update 1']);
      expect(page2.body.data[0].evidence).toEqual([]);
      expect(page2.body.page.nextCursor).toBeNull();
      const empty = await request(t.http)
        .get('/api/v1/commitments/climate-change-cooperation/updates')
        .expect(200);
      expect(empty.body).toEqual({ data: [], page: { nextCursor: null, limit: 20 } });
      expectProblem(await request(t.http).get(url).query({ cursor: 'bad' }), 400, 'cursor');
      expectProblem(await request(t.http).get(url).query({ limit: 500 }), 400, 'limit');
    });

    it('lists its reviews newest first, paginated like the timeline', async () => {
      const commitment = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
      for (const day of [10, 11, 12]) {
        await t.prisma.review.create({
          data: {
            commitmentId: commitment.id,
            note: `checked on the ${day}th`,
            reviewedAt: new Date(`2022-04-${day}T09:00:00Z`),
            actor: 'editor',
          },
        });
      }
      const url = `/api/v1/commitments/${SLUG}/reviews`;
      const page1 = await request(t.http).get(url).query({ limit: 2 }).expect(200);
      expect(page1.body.data).toEqual([
        {
          id: expect.any(String),
          note: 'checked on the 12th',
          reviewedAt: '2022-04-12T09:00:00.000Z',
        },
        {
          id: expect.any(String),
          note: 'checked on the 11th',
          reviewedAt: '2022-04-11T09:00:00.000Z',
        },
      ]);
      const page2 = await request(t.http)
        .get(url)
        .query({ limit: 2, cursor: page1.body.page.nextCursor })
        .expect(200);
      expect(page2.body.data.map((r: { note: string }) => r.note)).toEqual(['checked on the 10th']);
      expect(page2.body.page).toEqual({ nextCursor: null, limit: 2 });
      const byId = await request(t.http).get(`/api/v1/commitments/${commitment.id}/reviews`);
      expect(byId.body.data).toHaveLength(3);
      const empty = await request(t.http)
        .get('/api/v1/commitments/climate-change-cooperation/reviews')
        .expect(200);
      expect(empty.body).toEqual({ data: [], page: { nextCursor: null, limit: 20 } });
      expectProblem(await request(t.http).get(url).query({ cursor: 'bad' }), 400, 'cursor');
      expectProblem(await request(t.http).get(url).query({ limit: 500 }), 400, 'limit');
    });

    it('lists its evidence with stance', async () => {
      const response = await request(t.http)
        .get(`/api/v1/commitments/${SLUG}/evidence`)
        .expect(200);
      expect(response.body.data).toHaveLength(5);
      for (const evidence of response.body.data) {
        expect(['SUPPORTS', 'CONTRADICTS', 'CONTEXT']).toContain(evidence.stance);
        expect(evidence.url).toMatch(/^https?:\/\//);
      }
      const dates = response.body.data.map((e: { publishedOn: string | null }) => e.publishedOn);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it.each(['', '/updates', '/reviews', '/evidence'])(
      'answers 404 for unknown, malformed or archived commitments (%s)',
      async (suffix) => {
        for (const idOrSlug of [
          'no-such-pledge',
          '00000000-0000-4000-8000-000000000000',
          'revitalize-cultural-exchanges',
          'bad%00slug',
          "x'--",
        ]) {
          expectProblem(await request(t.http).get(`/api/v1/commitments/${idOrSlug}${suffix}`), 404);
        }
      },
    );
  });

  describe('SQL statements per request', () => {
    it('a list page is at most 2 statements, whatever the page size and filters', async () => {
      for (const query of [
        { limit: 1 },
        { limit: 100 },
        {
          status: ['NOT_STARTED', 'STALLED'],
          theme: 'peninsula-peace',
          party: 'KR',
          event: EVENT,
          stale: false,
          overdue: false,
          q: 'peace',
          targetAfter: '2020-01-01',
          limit: 50,
        },
      ]) {
        const { result, statements } = await countStatements(() => list(query));
        expect(result.status).toBe(200);
        expect(statements).toBeGreaterThan(0);
        expect(statements).toBeLessThanOrEqual(2);
      }
    });

    it('a detail, a timeline or review page and an evidence list are at most 3 statements each', async () => {
      for (const suffix of ['', '/updates?limit=100', '/reviews?limit=100', '/evidence']) {
        const { result, statements } = await countStatements(() =>
          request(t.http).get(
            `/api/v1/commitments/peninsula-stability-denuclearization-peace${suffix}`,
          ),
        );
        expect(result.status).toBe(200);
        expect(statements).toBeGreaterThan(0);
        expect(statements).toBeLessThanOrEqual(3);
      }
    });
  });

  describe('HTTP caching and CORS', () => {
    it.each([
      '/api/v1/commitments?limit=5',
      '/api/v1/commitments/mature-partnership-30th-anniversary/updates',
      '/api/v1/commitments/mature-partnership-30th-anniversary/reviews',
      '/api/v1/commitments/mature-partnership-30th-anniversary/evidence',
      '/api/v1/events',
      `/api/v1/events/${EVENT}`,
      '/api/v1/themes',
      '/api/v1/parties',
      '/api/v1/stats',
      '/api/v1/feed.atom',
      '/api/v1/commitments.csv',
    ])('%s sends ETag and Cache-Control, 304 on If-None-Match, open CORS', async (url) => {
      const first = await request(t.http).get(url).set('origin', 'https://example.org').expect(200);
      expect(first.headers.etag).toMatch(/^(W\/)?"[^"]+"$/);
      expect(first.headers['cache-control']).toContain('public');
      expect(first.headers['access-control-allow-origin']).toBe('*');
      const again = await request(t.http).get(url).expect(200);
      expect(again.headers.etag).toBe(first.headers.etag);
      const cached = await request(t.http)
        .get(url)
        .set('if-none-match', `"other", ${first.headers.etag}`);
      expect(cached.status).toBe(304);
      expect(cached.headers.etag).toBe(first.headers.etag);
      const stale = await request(t.http).get(url).set('if-none-match', '"something-else"');
      expect(stale.status).toBe(200);
    });

    it('changes a listing ETag when a listed commitment changes', async () => {
      const before = await list({ event: EVENT }).expect(200);
      await t.prisma.commitment.update({
        where: { slug: 'mature-partnership-30th-anniversary' },
        data: { progress: 42 },
      });
      const after = await list({ event: EVENT }).expect(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
    });
  });
});
