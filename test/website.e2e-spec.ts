import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { addTimeline } from './support/timeline.js';

const PLEDGE = 'mature-partnership-30th-anniversary';
const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';
const XSS = '<script>alert(1)</script>';

async function addCommitment(t: TestApp, slug: string, title: string, archived = false) {
  const event = await t.prisma.event.findUniqueOrThrow({ where: { slug: EVENT } });
  return t.prisma.commitment.create({
    data: {
      slug,
      title,
      summary: XSS,
      eventId: event.id,
      madeOn: new Date('2021-12-23'),
      archived,
    },
  });
}

describe('public website (server-rendered pages)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await addCommitment(t, 'escaping-test', XSS);
    await addCommitment(t, 'archived-pledge', 'An archived pledge nobody may see', true);
    await t.prisma.commitment.update({
      where: { slug: PLEDGE },
      data: { status: 'IN_PROGRESS', progress: 40 },
    });
    await addTimeline(
      t,
      PLEDGE,
      {
        fromStatus: 'NOT_STARTED',
        toStatus: 'IN_PROGRESS',
        progress: 40,
        note: 'Anniversary events held in both capitals.',
        recordedAt: new Date('2022-09-01T10:00:00Z'),
      },
      'Checked the ministry readouts: nothing new.',
    );
  });
  afterAll(() => t.close());

  describe('home page', () => {
    it('lists the seeded pledges as cards with a status label, in HTML', async () => {
      const response = await request(t.http).get('/').expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.text).toContain('<html lang="en">');
      expect(response.text).toContain(`href="/commitments/${PLEDGE}"`);
      expect(response.text).toMatch(/class="badge badge--not-started">.*Not started/);
      expect(response.text).toContain('<title>Commitment Tracker</title>');
    });

    it('never shows an archived commitment', async () => {
      const response = await request(t.http).get('/').expect(200);
      expect(response.text).not.toContain('archived-pledge');
      expect(response.text).not.toContain('An archived pledge');
    });

    it('escapes every value: a pledge titled with a script tag shows as text', async () => {
      const response = await request(t.http).get('/').expect(200);
      expect(response.text).not.toContain(XSS);
      expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      const detail = await request(t.http).get('/commitments/escaping-test').expect(200);
      expect(detail.text).not.toContain(XSS);
      expect(detail.text).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    });

    it('keeps the filters of the query string in the form and in the CSV link', async () => {
      const response = await request(t.http)
        .get('/')
        .query({
          theme: 'bilateral-relations',
          status: 'NOT_STARTED',
          q: 'anniversary',
          utm_source: 'x',
        })
        .expect(200);
      expect(response.text).toContain('<option value="bilateral-relations" selected>');
      expect(response.text).toContain('<option value="NOT_STARTED" selected>');
      expect(response.text).toContain('value="anniversary"');
      expect(response.text).toContain(
        'href="/api/v1/commitments.csv?status=NOT_STARTED&amp;theme=bilateral-relations&amp;q=anniversary"',
      );
    });

    it('filters by theme, status, party, meeting and search through the query string', async () => {
      const cards = (html: string) =>
        [...html.matchAll(/<h3 class="card__title"><a href="\/commitments\/([^"]+)"/g)].map(
          (m) => m[1],
        );
      const byTheme = await request(t.http).get('/?theme=peninsula-peace').expect(200);
      expect(cards(byTheme.text).length).toBeGreaterThan(0);
      expect(cards(byTheme.text)).not.toContain(PLEDGE);
      const inProgress = await request(t.http).get('/?status=IN_PROGRESS').expect(200);
      expect(cards(inProgress.text)).toEqual([PLEDGE]);
      const none = await request(t.http).get('/?status=BROKEN&party=KR').expect(200);
      expect(none.text).toContain('No commitment matches these filters.');
      const byEvent = await request(t.http).get(`/?event=${EVENT}&q=anniversary`).expect(200);
      expect(cards(byEvent.text)).toContain(PLEDGE);
      expect(cards(byEvent.text)).not.toContain('escaping-test');
    });

    it('shows the status overview: a chart with a text label per status and the key figures', async () => {
      const response = await request(t.http).get('/').expect(200);
      expect(response.text).toMatch(/<svg role="img" aria-labelledby="overview-chart-title"/);
      expect(response.text).toMatch(
        /<title id="overview-chart-title">Commitments by status: Not started 9, In progress 1,/,
      );
      expect(response.text).toMatch(/<dt>Commitments tracked<\/dt><dd>10<\/dd>/);
      expect(response.text).toMatch(/<dt>Share fulfilled<\/dt><dd>0%<\/dd>/);
    });

    it('treats empty form fields as "any"', async () => {
      const response = await request(t.http).get('/?q=&status=&theme=&party=&event=').expect(200);
      expect(response.text).toContain(`href="/commitments/${PLEDGE}"`);
    });

    it('answers an unknown status with an HTML 400 page', async () => {
      const response = await request(t.http).get('/?status=MAYBE').expect(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/status: each value in status must be one of/);
      expect(response.text).toContain('<h1>This address is not valid</h1>');
    });

    it('answers a malformed cursor with an HTML 400 page, not problem+json', async () => {
      const response = await request(t.http).get('/?cursor=nonsense').expect(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });

    it('pages with keyset links that keep the filters', async () => {
      const event = await t.prisma.event.findUniqueOrThrow({ where: { slug: EVENT } });
      await t.prisma.commitment.createMany({
        data: Array.from({ length: 25 }, (_, i) => ({
          slug: `paging-${i}`,
          title: `Paging pledge ${i}`,
          eventId: event.id,
          madeOn: new Date('2021-12-23'),
        })),
      });
      const first = await request(t.http).get('/?q=pledge').expect(200);
      const next = /href="(\/\?q=pledge&amp;cursor=[^"]+)" rel="next"/.exec(first.text);
      expect(first.text.match(/class="card"/g)).toHaveLength(20);
      expect(next).not.toBeNull();
      const second = await request(t.http).get(next![1].replaceAll('&amp;', '&')).expect(200);
      expect(second.text).toContain('<a href="/?q=pledge">First page</a>');
      expect(second.text).not.toContain('rel="next"');
      await t.prisma.commitment.deleteMany({ where: { slug: { startsWith: 'paging-' } } });
    });
  });

  describe('commitment page', () => {
    it('shows the quote, the event with its source, parties in Korean and Chinese, themes', async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      expect(response.text).toContain('more mature and future-oriented relations');
      expect(response.text).toContain(`href="/events/${EVENT}"`);
      expect(response.text).toContain('http://www.koreaherald.com/view.php?ud=20211224000458');
      expect(response.text).toContain('<span lang="ko">대한민국</span>');
      expect(response.text).toContain('<span lang="zh">韩国</span>');
      expect(response.text).toContain('href="/themes/bilateral-relations"');
      expect(response.text).toContain(
        '<time datetime="2022-08-24">24 August 2022 <span class="iso">(2022-08-24)</span></time>',
      );
    });

    it('shows the timeline newest first, with notes and the evidence of each update', async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      const review = response.text.indexOf('Checked the ministry readouts');
      const update = response.text.indexOf('Anniversary events held in both capitals.');
      expect(review).toBeGreaterThan(0);
      expect(update).toBeGreaterThan(review);
      expect(response.text).toMatch(
        /Status changed from Not started to <span class="badge badge--in-progress">/,
      );
      expect(response.text.slice(update)).toMatch(/Based on:[\s\S]*rel="noopener external"/);
    });

    it('groups evidence by stance with publisher, date and an outbound noopener link', async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      const supports = response.text.indexOf('Supports progress');
      const context = response.text.indexOf('>Context<');
      expect(supports).toBeGreaterThan(0);
      expect(context).toBeGreaterThan(supports);
      expect(response.text).toMatch(
        /<a class="evidence__link" href="https?:\/\/[^"]+" rel="noopener external">/,
      );
      expect(response.text).toContain('The Korea Herald');
    });

    it('links its JSON, the CSV export and its Atom feed, with sharing metadata', async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      expect(response.text).toContain(
        `<link rel="alternate" type="application/json" href="/api/v1/commitments/${PLEDGE}"`,
      );
      expect(response.text).toContain(
        '<link rel="alternate" type="text/csv" href="/api/v1/commitments.csv"',
      );
      expect(response.text).toContain(
        `<link rel="alternate" type="application/atom+xml" href="/api/v1/commitments/${PLEDGE}/feed.atom"`,
      );
      expect(response.text).toContain(
        `<meta property="og:url" content="http://localhost:3000/commitments/${PLEDGE}">`,
      );
      expect(response.text).toMatch(/<meta name="description" content="[^"]+">/);
      expect(response.text).toMatch(/<title>A more mature[^<]* · Commitment Tracker<\/title>/);
    });

    it('answers an unknown or archived slug with a real HTML 404 page', async () => {
      for (const slug of ['no-such-pledge', 'archived-pledge']) {
        const response = await request(t.http).get(`/commitments/${slug}`).expect(404);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.text).toContain('<h1>Page not found</h1>');
      }
    });
  });

  describe('event and theme pages', () => {
    it('shows the meeting with its date, format, participants and source', async () => {
      const response = await request(t.http).get(`/events/${EVENT}`).expect(200);
      expect(response.text).toContain('Choi Jong-kun');
      expect(response.text).toContain('virtual');
      expect(response.text).toContain('rel="noopener external"');
      expect(response.text).toContain(`href="/commitments/${PLEDGE}"`);
      expect(response.text).toContain('Status breakdown');
      expect(response.text).not.toContain('archived-pledge');
    });

    it('shows a theme with its commitments and their status breakdown', async () => {
      const response = await request(t.http).get('/themes/bilateral-relations').expect(200);
      expect(response.text).toContain('<h1>Bilateral relations</h1>');
      expect(response.text).toContain(`href="/commitments/${PLEDGE}"`);
      expect(response.text).not.toContain('href="/commitments/peninsula');
      expect(response.text).toMatch(/Commitments by status: Not started 1, In progress 1,/);
    });

    it('answers unknown slugs with 404 pages', async () => {
      await request(t.http)
        .get('/events/no-such-meeting')
        .expect(404)
        .expect('content-type', /text\/html/);
      await request(t.http)
        .get('/themes/no-such-theme')
        .expect(404)
        .expect('content-type', /text\/html/);
    });
  });

  describe('HTTP behaviour', () => {
    it('sends an ETag and answers a matching If-None-Match with 304', async () => {
      const first = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      const second = await request(t.http)
        .get(`/commitments/${PLEDGE}`)
        .set('if-none-match', etag)
        .expect(304);
      expect(second.text).toBeFalsy();
      await request(t.http)
        .get(`/commitments/${PLEDGE}`)
        .set('if-none-match', 'W/"other"')
        .expect(200);
    });

    it('sends a same-origin Content-Security-Policy and the other helmet headers', async () => {
      const response = await request(t.http).get('/').expect(200);
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    });

    it('keeps Swagger UI working: only its own pages may use inline styles', async () => {
      const response = await request(t.http).get('/api/docs').expect(200);
      expect(response.headers['content-security-policy']).toContain(
        "style-src 'self' 'unsafe-inline'",
      );
    });

    it('serves the stylesheet from the app with long-lived caching', async () => {
      const home = await request(t.http).get('/').expect(200);
      const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(home.text)![1];
      expect(stylesheet).toMatch(/^\/assets\/site\.css\?v=[0-9a-f]{12}$/);
      const response = await request(t.http).get(stylesheet).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/css/);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(home.text).not.toMatch(/(href|src)="https?:\/\/(?!localhost)[^"]+\.(css|js|woff2?)"/);
    });

    it('keeps problem+json for unknown API routes', async () => {
      await request(t.http)
        .get('/api/v1/commitments/no-such-pledge')
        .expect(404)
        .expect('content-type', /application\/problem\+json/);
    });
  });
});
