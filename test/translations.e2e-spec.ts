import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SUPPLY = 'raw-material-supply-chain-security';
const SUPPLY_KO = '원자재 공급망 안정 확보';
const SUPPLY_ZH = '确保原材料供应链安全';
const SUPPLY_EN = 'Ensure the security of the raw-material supply chain';

describe('translations: content per language, negotiated answers, search in Korean and Chinese', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Yoon');
  });
  afterAll(() => t.close());

  const read = (path: string, language?: string) => {
    const get = request(t.http).get(path);
    return language ? get.set('Accept-Language', language) : get;
  };

  describe('negotiation', () => {
    it('answers in Korean for Accept-Language ko, with the original, the quote as reported and its translation', async () => {
      const response = await read(`/api/v1/commitments/${SUPPLY}`, 'ko-KR,ko;q=0.9,en;q=0.8');
      expect(response.status).toBe(200);
      expect(response.headers['content-language']).toBe('ko');
      expect(response.headers.vary).toMatch(/accept-language/i);
      expect(response.body).toMatchObject({
        title: SUPPLY_KO,
        language: 'ko',
        original: { language: 'en', title: SUPPLY_EN },
        translation: { language: 'ko', translator: 'Commitment Tracker', official: false },
        event: { title: '제9차 한중 외교차관 전략대화' },
        themes: [{ slug: 'supply-chain-security', name: '공급망 안보' }],
      });
      expect(response.body.quote).toContain('raw material supply chain');
      expect(response.body.quoteTranslation).toContain('원자재 공급망');
      expect(response.body.parties).toContainEqual(
        expect.objectContaining({ code: 'KR', name: 'South Korea', nameKo: '대한민국' }),
      );
      expect(response.body.translations.map((tr: { language: string }) => tr.language)).toEqual([
        'ko',
        'zh',
      ]);
    });

    it('takes ?lang= over Accept-Language, and English for a language it does not have', async () => {
      const zh = await read(`/api/v1/commitments/${SUPPLY}?lang=zh`, 'ko').expect(200);
      expect(zh.headers['content-language']).toBe('zh');
      expect(zh.body.title).toBe(SUPPLY_ZH);
      const french = await read(`/api/v1/commitments/${SUPPLY}`, 'fr-FR, fr;q=0.9').expect(200);
      expect(french.headers['content-language']).toBe('en');
      expect(french.body).toMatchObject({ title: SUPPLY_EN, language: 'en', translation: null });
      expect(french.body.quoteTranslation).toBeNull();
    });

    it('refuses an unknown ?lang= on a validated query', async () => {
      expectProblem(await read('/api/v1/commitments?lang=fr'), 400);
    });

    it('tags each language with its own ETag, and revalidates each on its own', async () => {
      const en = await read(`/api/v1/commitments/${SUPPLY}`).expect(200);
      const ko = await read(`/api/v1/commitments/${SUPPLY}`, 'ko').expect(200);
      expect(en.headers.etag).toMatch(/^"v\d+"$/);
      expect(ko.headers.etag).toBe(en.headers.etag.replace(/"$/, '-ko"'));
      await read(`/api/v1/commitments/${SUPPLY}`, 'ko')
        .set('If-None-Match', ko.headers.etag)
        .expect(304);
      await read(`/api/v1/commitments/${SUPPLY}`, 'zh')
        .set('If-None-Match', ko.headers.etag)
        .expect(200);
      const enList = await read('/api/v1/commitments').expect(200);
      const koList = await read('/api/v1/commitments', 'ko').expect(200);
      expect(koList.headers.etag).not.toBe(enList.headers.etag);
      expect(koList.headers.vary).toMatch(/accept-language/i);
    });

    it('translates the event and theme lists, and the parties carry their names', async () => {
      const events = await read('/api/v1/events', 'zh').expect(200);
      expect(events.headers['content-language']).toBe('zh');
      expect(events.body.data[0].title).toBe('第九次中韩副外长级战略对话');
      const themes = await read('/api/v1/themes?lang=ko').expect(200);
      expect(themes.body.data.map((theme: { name: string }) => theme.name)).toContain(
        '한반도 평화',
      );
      const parties = await read('/api/v1/parties').expect(200);
      expect(parties.body.data).toContainEqual({
        code: 'CN',
        name: 'China',
        nameKo: '중국',
        nameZh: '中国',
      });
    });

    it.each(['ko', 'zh'])(
      'says which language each event title and theme name is in (?lang=%s), the original beside it',
      async (language) => {
        const dialogue = 'kr-cn-strategic-dialogue-2021-12-23';
        const dialogueEn = 'Ninth South Korea–China Strategic Dialogue';
        const unnamed = { slug: `talks-only-in-english-${language}`, title: 'Talks in English' };
        await request(t.http)
          .post('/api/v1/events')
          .set('Authorization', editor)
          .send({ ...unnamed, heldOn: '2020-05-01' })
          .expect(201);
        const theme = { slug: `theme-only-in-english-${language}`, name: 'Only in English' };
        await request(t.http)
          .post('/api/v1/themes')
          .set('Authorization', editor)
          .send(theme)
          .expect(201);

        const events = (await read(`/api/v1/events?lang=${language}`).expect(200)).body.data;
        expect(events).toContainEqual(
          expect.objectContaining({
            slug: dialogue,
            title: expect.not.stringContaining('Dialogue'),
            language,
            original: { language: 'en', title: dialogueEn },
          }),
        );
        const untranslated = {
          ...unnamed,
          language: 'en',
          original: { language: 'en', title: unnamed.title },
        };
        expect(events).toContainEqual(expect.objectContaining(untranslated));
        const one = await read(`/api/v1/events/${unnamed.slug}`, language).expect(200);
        expect(one.headers['content-language']).toBe(language);
        expect(one.body).toMatchObject(untranslated);
        const translatedOne = await read(`/api/v1/events/${dialogue}?lang=${language}`).expect(200);
        expect(translatedOne.body).toMatchObject({ language, original: { title: dialogueEn } });

        const themes = (await read(`/api/v1/themes?lang=${language}`).expect(200)).body.data;
        const peace = 'Stability, denuclearization and the peace process on the Korean Peninsula.';
        expect(themes).toContainEqual({
          slug: 'peninsula-peace',
          name: language === 'ko' ? '한반도 평화' : '半岛和平',
          description: peace,
          language,
          original: { language: 'en', name: 'Peninsula peace', description: peace },
        });
        expect(themes).toContainEqual({
          ...theme,
          description: null,
          language: 'en',
          original: { language: 'en', name: theme.name, description: null },
        });
      },
    );

    it('exports CSV and the Atom feed per language', async () => {
      const en = await read('/api/v1/commitments.csv').expect(200);
      const ko = await read('/api/v1/commitments.csv', 'ko').expect(200);
      expect(ko.headers['content-language']).toBe('ko');
      expect(ko.headers.vary).toMatch(/accept-language/i);
      expect(ko.text).toContain(SUPPLY_KO);
      expect(ko.text).toMatch(/,ko,\d+,/);
      expect(en.text).not.toContain(SUPPLY_KO);
      expect(ko.headers.etag).not.toBe(en.headers.etag);
      const feed = await read('/api/v1/feed.atom?lang=zh').expect(200);
      expect(feed.headers['content-language']).toBe('zh');
      expect(feed.text).toContain('<title>承诺追踪：状态更新</title>');
      const eventFeed = await read(
        '/api/v1/events/kr-cn-strategic-dialogue-2021-12-23/feed.atom?lang=zh',
      ).expect(200);
      expect(eventFeed.text).toContain('<title>承诺追踪：第九次中韩副外长级战略对话</title>');
    });
  });

  describe('staff writes of translations', () => {
    it('sets a commitment translation through If-Match, moving its version; removes it again', async () => {
      const created = await createCommitment(t, editor, { title: 'Open a hotline on rare earths' });
      const path = `/api/v1/commitments/${created.slug}/translations/ko`;
      // Nothing translated yet: the original, with its own language.
      const untranslated = await read(`/api/v1/commitments/${created.slug}`, 'ko').expect(200);
      expect(untranslated.body).toMatchObject({
        title: 'Open a hotline on rare earths',
        language: 'en',
        translation: null,
      });

      expectProblem(await request(t.http).put(path).send({ title: '희토류 핫라인' }), 401);
      expectProblem(
        await request(t.http).put(path).set('Authorization', editor).send({ title: '희토류' }),
        428,
      );
      expectProblem(
        await request(t.http)
          .put(path)
          .set('Authorization', editor)
          .set('If-Match', '"v99"')
          .send({ title: '희토류' }),
        412,
      );
      expectProblem(
        await request(t.http)
          .put(path)
          .set('Authorization', editor)
          .set('If-Match', created.etag)
          .send({ summary: 'no title' }),
        400,
      );
      expectProblem(
        await request(t.http)
          .put(`/api/v1/commitments/${created.slug}/translations/fr`)
          .set('Authorization', editor)
          .set('If-Match', created.etag)
          .send({ title: 'Ouvrir' }),
        404,
      );
      expectProblem(
        await request(t.http)
          .put(`/api/v1/commitments/${created.slug}/translations/en`)
          .set('Authorization', editor)
          .set('If-Match', created.etag)
          .send({ title: 'Open' }),
        409,
      );

      const translated = await request(t.http)
        .put(path)
        .set('Authorization', editor)
        .set('If-Match', created.etag)
        .send({ title: '희토류 핫라인 개설', quote: '번역된 인용' })
        .expect(200);
      expect(translated.headers.etag).toBe(`"v${created.version + 1}"`);
      const shown = await read(`/api/v1/commitments/${created.slug}`, 'ko').expect(200);
      expect(shown.body).toMatchObject({
        title: '희토류 핫라인 개설',
        language: 'ko',
        quoteTranslation: '번역된 인용',
        translation: { language: 'ko', translator: 'Editor Yoon', official: false },
      });
      // An ETag of any language names the version for If-Match.
      await request(t.http)
        .delete(path)
        .set('Authorization', editor)
        .set('If-Match', shown.headers.etag)
        .expect(200);
      const removed = await read(`/api/v1/commitments/${created.slug}`, 'ko').expect(200);
      expect(removed.body).toMatchObject({
        title: 'Open a hotline on rare earths',
        language: 'en',
      });
      const audit = await t.prisma.auditEntry.findMany({
        where: { entityId: created.id, action: { startsWith: 'commitment.' } },
        select: { action: true },
      });
      expect(audit.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['commitment.translate', 'commitment.untranslate']),
      );
    });

    it('translates a theme, moving the versions of the commitments showing it', async () => {
      const before = await read(`/api/v1/commitments/${SUPPLY}`).expect(200);
      const answer = await request(t.http)
        .put('/api/v1/themes/supply-chain-security/translations/zh')
        .set('Authorization', editor)
        .send({ name: '供应链稳定', description: '原材料的安全供应', translator: 'Desk Li' })
        .expect(200);
      expect(answer.body).toEqual({
        language: 'zh',
        name: '供应链稳定',
        description: '原材料的安全供应',
        translator: 'Desk Li',
        official: false,
      });
      const after = await read(`/api/v1/commitments/${SUPPLY}`, 'zh').expect(200);
      expect(after.body.version).toBe(before.body.version + 1);
      expect(after.body.themes).toEqual([
        { slug: 'supply-chain-security', name: '供应链稳定', language: 'zh' },
      ]);
    });

    it('refuses a description for an event, an unknown row, and a reader', async () => {
      expectProblem(
        await request(t.http)
          .put('/api/v1/events/kr-cn-strategic-dialogue-2021-12-23/translations/ko')
          .set('Authorization', editor)
          .send({ name: '전략대화', description: 'none' }),
        400,
      );
      expectProblem(
        await request(t.http)
          .put('/api/v1/parties/JP/translations/ko')
          .set('Authorization', editor)
          .send({ name: '일본' }),
        404,
      );
      expectProblem(await request(t.http).delete('/api/v1/parties/KR/translations/ko').send(), 401);
    });

    it("writes a party's names as its translations, by whoever sent them", async () => {
      await request(t.http)
        .post('/api/v1/parties')
        .set('Authorization', editor)
        .send({ code: 'JP', name: 'Japan', nameKo: '일본' })
        .expect(201);
      await request(t.http)
        .put('/api/v1/parties/JP/translations/zh')
        .set('Authorization', editor)
        .send({ name: '日本', official: true })
        .expect(200);
      const rows = await t.prisma.partyTranslation.findMany({
        where: { party: { code: 'JP' } },
        orderBy: { language: 'asc' },
        select: { language: true, name: true, translator: true, official: true },
      });
      expect(rows).toEqual([
        { language: 'ko', name: '일본', translator: 'Editor Yoon', official: false },
        { language: 'zh', name: '日本', translator: 'Editor Yoon', official: true },
      ]);
      const cleared = await request(t.http)
        .patch('/api/v1/parties/JP')
        .set('Authorization', editor)
        .send({ nameKo: null })
        .expect(200);
      expect(cleared.body).toEqual({ code: 'JP', name: 'Japan', nameKo: null, nameZh: '日本' });
    });
  });

  describe('search in Korean and Chinese', () => {
    const search = async (q: string) =>
      (await read(`/api/v1/commitments?q=${encodeURIComponent(q)}`).expect(200)).body.data.map(
        (c: { slug: string }) => c.slug,
      );

    it('finds the supply-chain pledge by 공급망 and by 供应链, title matches first', async () => {
      expect((await search('공급망'))[0]).toBe(SUPPLY);
      expect((await search('供应链'))[0]).toBe(SUPPLY);
      // The shared quote mentions the supply chain too: those pledges follow.
      expect(await search('供应链')).toEqual(
        expect.arrayContaining(['climate-change-cooperation', 'revitalize-cultural-exchanges']),
      );
    });

    it('needs every term, finds Korean words with their particles, and nothing for what no text says', async () => {
      expect(await search('원자재 공급망')).toContain(SUPPLY);
      // The translated title says 비핵화와 (denuclearization + "and"): the word finds it.
      expect(await search('비핵화')).toEqual(['peninsula-stability-denuclearization-peace']);
      expect(await search('공급망 비핵화')).toEqual([]);
      expect(await search('없는말')).toEqual([]);
      // LIKE's wildcards are literal characters in a search.
      expect(await search('공급%')).toEqual([]);
    });

    it('keeps English search as it was', async () => {
      expect(await search('supply chain')).toContain(SUPPLY);
    });
  });
});
