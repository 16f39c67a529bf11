import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, hiddenField, signIn } from './support/workspace.js';

const SLUG = 'revitalize-cultural-exchanges';
const PAGE = `/staff/commitments/${SLUG}`;

type Agent = ReturnType<typeof request.agent>;

describe('staff workspace: translating a commitment', () => {
  let t: TestApp;
  let ada: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await account(t, 'ada@example.org');
    ada = (await signIn(t, 'ada@example.org')).agent;
  });
  afterAll(() => t.close());

  /** The hidden fields of the page's translation form. */
  async function openForm() {
    const page = await ada.get(PAGE).expect(200);
    const form = page.text.slice(page.text.indexOf(`action="${PAGE}/translations"`));
    return {
      page: page.text,
      hidden: {
        _csrf: hiddenField(form, '_csrf'),
        version: hiddenField(form, 'version'),
        openedAt: hiddenField(form, 'openedAt'),
        formToken: hiddenField(form, 'formToken'),
      },
    };
  }

  const translation = () =>
    t.prisma.commitmentTranslation.findUnique({
      where: { commitmentId_language: { commitmentId: commitmentId!, language: 'zh' } },
    });
  let commitmentId: string | undefined;

  it('lists the seeded translations with their translator', async () => {
    commitmentId = (await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } })).id;
    const { page } = await openForm();
    expect(page).toContain('<span lang="ko">문화 교류 활성화</span> (ko; by Commitment Tracker)');
  });

  it('refuses a language it does not have, keeping what was typed', async () => {
    const { hidden } = await openForm();
    const refused = await ada
      .post(`${PAGE}/translations`)
      .type('form')
      .send({ ...hidden, language: 'fr', title: 'Relancer les échanges' })
      .expect(400);
    expect(refused.text).toContain('Choose a language.');
    expect(refused.text).toContain('value="Relancer les échanges"');
  });

  it('saves a translation once, by the person or the translator named, and removes it with an empty title', async () => {
    const { hidden } = await openForm();
    const fields = {
      ...hidden,
      language: 'zh',
      title: '重振文化交流',
      quote: '引文',
      official: 'on',
    };
    await ada.post(`${PAGE}/translations`).type('form').send(fields).expect(303);
    // The same form sent again (a double click) records nothing more.
    await ada.post(`${PAGE}/translations`).type('form').send(fields).expect(303);
    expect(await translation()).toMatchObject({
      title: '重振文化交流',
      quote: '引文',
      translator: expect.stringContaining('ada'),
      official: true,
    });
    const { version } = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(version).toBe(Number(hidden.version) + 1);

    const again = await openForm();
    await ada
      .post(`${PAGE}/translations`)
      .type('form')
      .send({ ...again.hidden, language: 'zh', title: '', translator: 'Desk Li' })
      .expect(303);
    expect(await translation()).toBeNull();
  });

  it('shows a stale form again as a conflict', async () => {
    const { hidden } = await openForm();
    await t.prisma.commitment.update({
      where: { slug: SLUG },
      data: { version: { increment: 1 } },
    });
    const conflict = await ada
      .post(`${PAGE}/translations`)
      .type('form')
      .send({ ...hidden, language: 'zh', title: '过时的表单' })
      .expect(409);
    expect(conflict.text).toContain('value="过时的表单"');
    expect(await translation()).toBeNull();
  });
});
