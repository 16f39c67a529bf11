import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { expectNoSeriousViolations, launchBrowser } from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const EARLIER = 'climate-change-cooperation';
const LATER = 'mature-partnership-30th-anniversary';

describe('website: lineage and the quote diff (no JavaScript), with axe', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp();
    const earlier = await t.prisma.commitment.update({
      where: { slug: EARLIER },
      data: { quote: 'Both sides will hold a climate forum every year.' },
    });
    const later = await t.prisma.commitment.update({
      where: { slug: LATER },
      data: { quote: 'Both sides will hold a climate and energy forum every two years.' },
    });
    await t.prisma.commitmentLineage.create({
      data: { laterId: later.id, earlierId: earlier.id, kind: 'NARROWS' },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('the later page names the earlier one and marks the changed words with <ins> and <del>', async () => {
    const page = await request(t.http).get(`/commitments/${LATER}`).expect(200);
    expect(page.text).toMatch(new RegExp(`Narrows <a href="/commitments/${EARLIER}">[^<]+</a>`));
    expect(page.text).toContain(
      '<ins><span class="visually-hidden">[added: </span>and energy <span class="visually-hidden">]</span></ins>',
    );
    expect(page.text).toMatch(
      /<del><span class="visually-hidden">\[removed: <\/span>year<span class="visually-hidden">\]<\/span><\/del><ins><span class="visually-hidden">\[added: <\/span>two years/,
    );
  });

  it('the earlier page names the later one, with the same diff', async () => {
    const page = await request(t.http).get(`/commitments/${EARLIER}`).expect(200);
    expect(page.text).toMatch(new RegExp(`Narrowed by <a href="/commitments/${LATER}">`));
    expect(page.text).toContain('[added: </span>and energy ');
  });

  it('a commitment without lineage has no lineage section', async () => {
    const page = await request(t.http).get('/commitments/revitalize-cultural-exchanges');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('lineage-heading');
  });

  it('in Chromium without JavaScript the links lead both ways, and axe finds nothing serious', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/commitments/${LATER}`);
    expect(await page.locator('.lineage__diff ins').allInnerTexts()).toEqual([
      expect.stringContaining('and energy'),
      expect.stringContaining('two years'),
    ]);
    await page.click(`.lineage a[href="/commitments/${EARLIER}"]`);
    expect(new URL(page.url()).pathname).toBe(`/commitments/${EARLIER}`);
    await context.close();
    // axe runs as a script in the page: this context allows it.
    const checked = await (await browser.newContext()).newPage();
    for (const slug of [LATER, EARLIER]) {
      await checked.goto(`${baseUrl}/commitments/${slug}`);
      await expectNoSeriousViolations(checked);
    }
    await checked.context().close();
  });
});
