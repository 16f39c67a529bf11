import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { countStatements, setCommitment } from './support/public-data.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';
const BOM = '\uFEFF';
/** The public pledges of the seed once the fixture below has set their statuses. */
const PUBLIC_BY_STATUS = {
  NOT_STARTED: 5,
  IN_PROGRESS: 1,
  STALLED: 0,
  PARTIALLY_FULFILLED: 0,
  FULFILLED: 1,
  BROKEN: 1,
};

/** The body of a response as text, whatever its content type. */
const text = (response: request.Response): string =>
  Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.text;
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('public read API: stats, events, CSV and Atom', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await setCommitment(t, 'climate-change-cooperation', { status: 'FULFILLED' });
    await setCommitment(t, 'peace-process-end-of-war-declaration', {
      status: 'BROKEN',
      targetDate: new Date('2022-01-31'),
    });
    await setCommitment(t, 'raw-material-supply-chain-security', {
      status: 'IN_PROGRESS',
      staleSince: new Date('2025-01-01T00:00:00Z'),
      targetDate: new Date('2022-03-01'),
      title: '=HYPERLINK("http://evil") 공급망 安全',
    });
    await setCommitment(t, 'revitalize-cultural-exchanges', {
      archived: true,
      status: 'FULFILLED',
    });
    const commitments = await t.prisma.commitment.findMany();
    const id = (slug: string) => commitments.find((c) => c.slug === slug)!.id;
    const update = (slug: string, toStatus: 'FULFILLED' | 'BROKEN' | 'IN_PROGRESS', at: string) =>
      t.prisma.statusUpdate.create({
        data: {
          commitmentId: id(slug),
          fromStatus: 'NOT_STARTED',
          toStatus,
          note: `Rationale for ${slug} <b>&</b>`,
          effectiveOn: new Date(at.slice(0, 10)),
          recordedAt: new Date(at),
          actor: 'editor',
        },
      });
    await update('climate-change-cooperation', 'FULFILLED', '2023-01-02T00:00:00Z');
    await update('peace-process-end-of-war-declaration', 'BROKEN', '2023-02-02T00:00:00Z');
    await update('raw-material-supply-chain-security', 'IN_PROGRESS', '2023-03-02T00:00:00Z');
    await update('revitalize-cultural-exchanges', 'FULFILLED', '2023-04-02T00:00:00Z');
  });
  afterAll(() => t.close());

  describe('GET /stats', () => {
    it('counts every status (zeros included), stale, overdue and the share fulfilled', async () => {
      const { body } = await request(t.http).get('/api/v1/stats').expect(200);
      expect(body.byStatus).toEqual(PUBLIC_BY_STATUS);
      expect(body.total).toBe(8);
      expect(body.stale).toBe(1);
      // Past target: the 30th anniversary (2022-08-24) and the supply chain; BROKEN is final.
      expect(body.overdue).toBe(2);
      expect(body.shareFulfilled).toBeCloseTo(1 / 8);
    });

    it('crosses themes with statuses, every public theme listed', async () => {
      const { body } = await request(t.http).get('/api/v1/stats').expect(200);
      expect(body.byTheme).toHaveLength(6);
      const peace = body.byTheme.find(
        (entry: { theme: { slug: string } }) => entry.theme.slug === 'peninsula-peace',
      );
      expect(peace).toEqual({
        theme: { slug: 'peninsula-peace', name: 'Peninsula peace' },
        byStatus: {
          NOT_STARTED: 1,
          IN_PROGRESS: 0,
          STALLED: 0,
          PARTIALLY_FULFILLED: 0,
          FULFILLED: 0,
          BROKEN: 1,
        },
      });
      const culture = body.byTheme.find(
        (entry: { theme: { slug: string } }) => entry.theme.slug === 'culture-exchange',
      );
      expect(Object.values(culture.byStatus)).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('narrows to a theme or an event, and counts nothing for unknown ones', async () => {
      const climate = await request(t.http)
        .get('/api/v1/stats')
        .query({ theme: 'climate-environment' })
        .expect(200);
      expect(climate.body).toMatchObject({ total: 1, shareFulfilled: 1, stale: 0, overdue: 0 });
      const event = await request(t.http).get('/api/v1/stats').query({ event: EVENT }).expect(200);
      expect(event.body.total).toBe(8);
      const none = await request(t.http)
        .get('/api/v1/stats')
        .query({ event: 'no-such-event' })
        .expect(200);
      expect(none.body).toMatchObject({ total: 0, shareFulfilled: 0, stale: 0, overdue: 0 });
      expect(Object.values(none.body.byStatus)).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it.each([{ theme: 'Bad Slug' }, { event: '../x' }, { status: 'FULFILLED' }])(
      'refuses %j with a 400 naming the parameter',
      async (query) => {
        const response = await request(t.http).get('/api/v1/stats').query(query).expect(400);
        expect(response.headers['content-type']).toMatch(/problem\+json/);
        expect(response.body.detail).toContain(Object.keys(query)[0]);
      },
    );
  });

  describe('GET /events/{slug}', () => {
    it('has its public commitments by title and a status breakdown', async () => {
      const { body } = await request(t.http).get(`/api/v1/events/${EVENT}`).expect(200);
      expect(body).toMatchObject({ slug: EVENT, heldOn: '2021-12-23', format: 'virtual' });
      expect(body.commitments).toHaveLength(8);
      const titles = body.commitments.map((c: { title: string }) => c.title);
      expect(titles).toEqual([...titles].sort());
      expect(body.commitments.map((c: { slug: string }) => c.slug)).not.toContain(
        'revitalize-cultural-exchanges',
      );
      expect(body.byStatus).toEqual(PUBLIC_BY_STATUS);
    });

    it('answers 404 for unknown, malformed and archived events', async () => {
      await t.prisma.event.create({
        data: {
          slug: 'archived-meeting',
          title: 'Gone',
          heldOn: new Date('2020-01-01'),
          archived: true,
        },
      });
      for (const slug of ['no-such-event', 'archived-meeting', 'bad%00slug']) {
        const response = await request(t.http).get(`/api/v1/events/${slug}`).expect(404);
        expect(response.headers['content-type']).toMatch(/problem\+json/);
      }
      const list = await request(t.http).get('/api/v1/events').expect(200);
      expect(list.body.data.map((e: { slug: string }) => e.slug)).toEqual([EVENT]);
    });

    it('is read in at most 3 SQL statements', async () => {
      const { result, statements } = await countStatements(() =>
        request(t.http).get(`/api/v1/events/${EVENT}`),
      );
      expect(result.status).toBe(200);
      expect(statements).toBeGreaterThan(0);
      expect(statements).toBeLessThanOrEqual(3);
    });
  });

  describe('GET /commitments.csv', () => {
    const csv = (query: Record<string, unknown> = {}) =>
      request(t.http).get('/api/v1/commitments.csv').query(query).buffer(true).parse(binary);

    it('is UTF-8 with a BOM, a header row and one row per public commitment', async () => {
      const response = await csv().expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toContain('commitments.csv');
      const body = text(response);
      expect(body.startsWith(BOM)).toBe(true);
      const rows: Record<string, string>[] = parse(body.slice(1), { columns: true });
      expect(rows).toHaveLength(8);
      expect(rows.map((row) => row.slug)).not.toContain('revitalize-cultural-exchanges');
      const anniversary = rows.find((row) => row.slug === 'mature-partnership-30th-anniversary')!;
      expect(anniversary).toMatchObject({
        status: 'NOT_STARTED',
        stale: 'false',
        madeOn: '2021-12-23',
        targetDate: '2022-08-24',
        event: EVENT,
        pledgingParties: expect.stringMatching(/KR/),
        themes: 'bilateral-relations',
        url: 'http://localhost:3000/commitments/mature-partnership-30th-anniversary',
      });
      expect(anniversary.quote).toContain('more mature and future-oriented relations');
    });

    it('keeps Korean and Chinese text intact and defuses spreadsheet formulas', async () => {
      const rows: Record<string, string>[] = parse(text(await csv({ stale: true })).slice(1), {
        columns: true,
      });
      expect(rows).toHaveLength(1);
      expect(rows[0].title).toBe(`'=HYPERLINK("http://evil") 공급망 安全`);
      expect(rows[0].stale).toBe('true');
    });

    it('takes the filters and sort of the list, and refuses what the list refuses', async () => {
      const rows: Record<string, string>[] = parse(
        text(await csv({ status: ['FULFILLED', 'BROKEN'], sort: 'title' })).slice(1),
        { columns: true },
      );
      expect(rows.map((row) => row.slug)).toEqual([
        'climate-change-cooperation',
        'peace-process-end-of-war-declaration',
      ]);
      for (const query of [{ status: 'DONE' }, { limit: 5 }, { cursor: 'x' }, { sort: 'x' }]) {
        const response = await request(t.http).get('/api/v1/commitments.csv').query(query);
        expect(response.status).toBe(400);
        expect(response.body.detail).toContain(Object.keys(query)[0]);
      }
    });

    it('streams past the batch size, every row once, in the list order', async () => {
      await t.prisma.$executeRawUnsafe(`
        INSERT INTO commitment (slug, title, event_id, made_on)
        SELECT 'bulk-' || n, 'Bulk pledge ' || n, (SELECT id FROM event WHERE slug = '${EVENT}'),
          '2021-12-23'
        FROM generate_series(1, 1200) AS n`);
      const rows: Record<string, string>[] = parse(text(await csv({ sort: 'title' })).slice(1), {
        columns: true,
      });
      expect(rows).toHaveLength(1208);
      expect(new Set(rows.map((row) => row.id)).size).toBe(1208);
      const slugs = rows.map((row) => row.slug);
      const list = await request(t.http)
        .get('/api/v1/commitments')
        .query({ sort: 'title', limit: 100 })
        .expect(200);
      expect(slugs.slice(0, 100)).toEqual(list.body.data.map((c: { slug: string }) => c.slug));
      await t.prisma.commitment.deleteMany({ where: { slug: { startsWith: 'bulk-' } } });
    });
  });

  describe('GET /feed.atom', () => {
    const feed = (query: Record<string, string> = {}) =>
      request(t.http).get('/api/v1/feed.atom').query(query).expect(200);
    const entryTitles = (xml: string) =>
      [...xml.matchAll(/<entry>[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>/g)].map((m) => m[1]);

    it('is an Atom document of the latest status updates, newest first', async () => {
      const response = await feed();
      expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const xml = response.text;
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
      expect(xml).toMatch(/<updated>2023-03-02T00:00:00.000Z<\/updated>/);
      const titles = entryTitles(xml);
      expect(titles).toHaveLength(3);
      expect(titles[0]).toContain('not started → in progress');
      expect(titles[2]).toContain('climate change: not started → fulfilled');
      expect(xml).toContain('<id>urn:uuid:');
      expect(xml).toContain('http://localhost:3000/commitments/climate-change-cooperation');
      // Notes are plain text: escaped, never raw markup.
      expect(xml).not.toContain('<b>&</b>');
      expect(xml).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
      // The archived commitment's update is not published.
      expect(xml).not.toContain('revitalize-cultural-exchanges');
    });

    it('narrows to a theme or an event', async () => {
      expect(entryTitles((await feed({ theme: 'peninsula-peace' })).text)).toHaveLength(1);
      expect(entryTitles((await feed({ event: EVENT })).text)).toHaveLength(3);
      const none = (await feed({ event: 'no-such-event' })).text;
      expect(entryTitles(none)).toHaveLength(0);
      expect(none).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
      const bad = await request(t.http).get('/api/v1/feed.atom').query({ theme: '<script>' });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain('theme');
    });
  });
});
