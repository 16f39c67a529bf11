import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CATALOGUES } from '../src/i18n/i18n.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SUPPLY = 'raw-material-supply-chain-security';

describe('public website in English, Korean and Chinese', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const page = (path: string, language?: string) => {
    const get = request(t.http).get(path);
    return language ? get.set('Accept-Language', language) : get;
  };

  it.each([
    ['/ko/', 'ko', CATALOGUES.ko.home.heading],
    ['/ko', 'ko', CATALOGUES.ko.home.heading],
    ['/zh/', 'zh', CATALOGUES.zh.home.heading],
    ['/ko/methodology', 'ko', CATALOGUES.ko.methodology.scale],
    ['/zh/events/kr-cn-strategic-dialogue-2021-12-23', 'zh', '第九次中韩副外长级战略对话'],
    ['/ko/themes/peninsula-peace', 'ko', '한반도 평화'],
  ])('%s is in its language', async (path, language, text) => {
    const response = await page(path).expect(200);
    expect(response.headers['content-language']).toBe(language);
    expect(response.text).toContain(`<html lang="${language}">`);
    expect(response.text).toContain(text);
  });

  it('shows a commitment translated, its quote as reported and labelled, the translation beside it', async () => {
    const html = (await page(`/ko/commitments/${SUPPLY}`).expect(200)).text;
    expect(html).toContain('<h1>원자재 공급망 안정 확보</h1>');
    expect(html).toMatch(/<blockquote lang="en"[^>]*><p>Seoul and Beijing/);
    expect(html).toContain('보도된 원문 인용(English)');
    expect(html).toContain('Commitment Tracker의 한국어 번역이며 공식 문서가 아닙니다');
    expect(html).toMatch(/<p class="quote__translation">한중 양국은/);
    // Dates per locale, links within the locale.
    expect(html).toContain('2021년 12월 23일');
    expect(html).toContain('href="/ko/events/kr-cn-strategic-dialogue-2021-12-23"');
  });

  it('falls back to the original, marked with its language, where nothing is translated', async () => {
    const event = await t.prisma.event.findFirstOrThrow();
    await t.prisma.commitment.create({
      data: {
        slug: 'untranslated-pledge',
        title: 'An untranslated pledge',
        summary: 'Only in English.',
        eventId: event.id,
        madeOn: new Date('2021-12-23'),
      },
    });
    const html = (await page('/zh/commitments/untranslated-pledge').expect(200)).text;
    expect(html).toContain('<h1 lang="en">An untranslated pledge</h1>');
    expect(html).toContain('<p class="lead" lang="en">Only in English.</p>');
    expect(html).toContain(CATALOGUES.zh.commitment.facts);
    // A theme with no Chinese name keeps its English one, marked as English.
    await t.prisma.themeTranslation.deleteMany({ where: { language: 'zh' } });
    const card = (await page('/zh/?theme=supply-chain-security').expect(200)).text;
    expect(card).toMatch(
      /<a href="\/zh\/themes\/supply-chain-security" lang="en">Supply-chain security<\/a>/,
    );
    expect(card).toContain('<dd>中国, 韩国</dd>');
  });

  it('marks an untranslated event or theme name as English wherever it is shown, a translated one not', async () => {
    const editor = await bearer(t, 'editor');
    const write = (path: string, body: object) =>
      request(t.http).post(path).set('Authorization', editor).send(body).expect(201);
    const talks = 'talks-only-in-english';
    await write('/api/v1/events', { slug: talks, title: 'Talks in English', heldOn: '2020-05-01' });
    await write('/api/v1/themes', { slug: 'only-english', name: 'Only in English' });
    const event = await t.prisma.event.findUniqueOrThrow({ where: { slug: talks } });
    await t.prisma.commitment.create({
      data: {
        slug: 'made-at-english-talks',
        title: 'A pledge at English talks',
        quote: 'Words as reported.',
        eventId: event.id,
        madeOn: new Date('2020-05-01'),
      },
    });

    const home = (await page('/ko/').expect(200)).text;
    expect(home).toContain(`<option value="${talks}" lang="en">Talks in English (2020-05-01)`);
    expect(home).toContain('<option value="only-english" lang="en">Only in English</option>');
    expect(home).toContain(
      '<option value="kr-cn-strategic-dialogue-2021-12-23">제9차 한중 외교차관 전략대화',
    );
    expect(home).toContain('<option value="peninsula-peace">한반도 평화</option>');

    const eventPage = (await page(`/ko/events/${talks}`).expect(200)).text;
    expect(eventPage).toContain('<h1 lang="en">Talks in English</h1>');
    expect(eventPage).toContain('<title lang="en">Talks in English · ');
    expect(eventPage).toContain('<meta property="og:title" content="Talks in English" lang="en">');
    const themePage = (await page('/ko/themes/only-english').expect(200)).text;
    expect(themePage).toContain('<h1 lang="en">Only in English</h1>');
    const translated = (await page('/ko/themes/peninsula-peace').expect(200)).text;
    expect(translated).toContain('<h1>한반도 평화</h1>');
    expect(translated).toContain('<title>한반도 평화 · ');
    // Its description has no Korean translation: the English one, marked.
    expect(translated).toContain('<p class="lead" lang="en">Stability, denuclearization');

    const pledge = (await page('/ko/commitments/made-at-english-talks').expect(200)).text;
    expect(pledge).toContain(`<a href="/ko/events/${talks}" lang="en">Talks in English</a>`);
    expect(pledge).not.toMatch(/<a href="\/ko\/events\/[^"]+">Talks in English/);
  });

  it('names every locale of the page with hreflang, and the switcher keeps the filters', async () => {
    const html = (await page('/ko/?theme=supply-chain-security&status=NOT_STARTED').expect(200))
      .text;
    const query = '?status=NOT_STARTED&amp;theme=supply-chain-security';
    for (const [language, prefix] of [
      ['en', ''],
      ['ko', '/ko'],
      ['zh', '/zh'],
    ]) {
      expect(html).toContain(
        `hreflang="${language}" href="http://localhost:3000${prefix}/${query}"`,
      );
      expect(html).toContain(`href="${prefix}/${query}" hreflang="${language}"`);
    }
    expect(html).toContain('hreflang="x-default"');
    expect(html).toMatch(/href="\/ko\/\?[^"]*" hreflang="ko" aria-current="page"/);
    // The data links answer in the page's language.
    expect(html).toContain(
      '/api/v1/commitments.csv?status=NOT_STARTED&amp;theme=supply-chain-security&amp;lang=ko',
    );
  });

  it('suggests the preferred language on / without redirecting, and says the page varies by it', async () => {
    const suggested = await page('/?theme=peninsula-peace', 'ko-KR,ko;q=0.9').expect(200);
    expect(suggested.headers.vary).toMatch(/accept-language/i);
    expect(suggested.headers['content-language']).toBe('en');
    expect(suggested.text).toContain('<html lang="en">');
    expect(suggested.text).toContain(
      'href="/ko/?theme=peninsula-peace" hreflang="ko">이 페이지는 한국어로도',
    );
    const plain = await page('/', 'en-GB').expect(200);
    expect(plain.text).not.toContain('language-suggestion');
    // Only the home page varies: other pages are the same whatever the browser prefers.
    const other = await page(`/commitments/${SUPPLY}`, 'zh').expect(200);
    expect(other.text).not.toContain('language-suggestion');
  });

  it('answers a missing page in the locale', async () => {
    const response = await page('/zh/commitments/no-such-pledge').expect(404);
    expect(response.text).toContain('<html lang="zh">');
    expect(response.text).toContain(CATALOGUES.zh.error['404']);
  });

  describe('follow by email in Korean', () => {
    const ko = CATALOGUES.ko.follow;
    const follow = (email: string) =>
      request(t.http).post('/ko/follow').type('form').send({ email, commitment: SUPPLY });

    it('posts the form to the locale route and answers in Korean, the same for a known address', async () => {
      const html = (await page(`/ko/commitments/${SUPPLY}`).expect(200)).text;
      expect(html).toContain('action="/ko/follow"');
      expect(html).toContain(`<label for="follow-email">${ko.email}</label>`);
      const first = await follow('reader@example.org').expect(200);
      expect(first.text).toContain('<html lang="ko">');
      expect(first.text).toContain(`<h1>${ko.requested}</h1>`);
      expect(first.text).toContain(ko.requestedLead);
      const again = await follow('reader@example.org').expect(200);
      expect(again.text).toBe(first.text);
    });

    it('confirms on the Korean pages, naming the pledge by its Korean title', async () => {
      await follow('confirm@example.org').expect(200);
      const mail = await t.prisma.mail.findFirstOrThrow({
        where: { recipient: 'confirm@example.org' },
      });
      const token = /\/follow\/confirm\?token=(\S+)/.exec(mail.textBody)![1];
      const offer = await page(`/ko/follow/confirm?token=${token}`).expect(200);
      expect(offer.text).toContain(`action="/ko/follow/confirm?token=${token}"`);
      expect(offer.text).toContain(`<button type="submit">${ko.confirm}</button>`);
      expect(offer.text).toContain(
        `<a href="http://localhost:3000/ko/commitments/${SUPPLY}">원자재 공급망 안정 확보</a>`,
      );
      const done = await request(t.http).post(`/ko/follow/confirm?token=${token}`).expect(200);
      expect(done.text).toContain(`<h1>${ko.confirmed}</h1>`);
      expect(done.headers['cache-control']).toBe('no-store');
    });

    it('answers a forged link in Korean with a 404', async () => {
      const response = await page('/ko/follow/unsubscribe?token=forged').expect(404);
      expect(response.text).toContain(`<h1>${ko.invalid}</h1>`);
      expect(response.text).not.toContain('<form');
    });
  });

  it('ships the Korean and Chinese fonts as immutable assets', async () => {
    const html = (await page('/ko/').expect(200)).text;
    const stylesheet = /href="(\/assets\/fonts\.css\?v=[0-9a-f]{12})"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    const css = (await page(stylesheet!).expect(200)).text;
    const font = /url\((\/assets\/fonts\/noto-sans-kr-[\w-]+\.woff2\?v=[0-9a-f]{12})\)/.exec(
      css,
    )?.[1];
    const file = await page(font!).expect(200);
    expect(file.headers['cache-control']).toContain('immutable');
    expect(file.body.length).toBeGreaterThan(1000);
  });
});
