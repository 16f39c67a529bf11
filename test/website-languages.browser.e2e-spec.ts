import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/project-root.js';
import { CATALOGUES } from '../src/i18n/i18n.js';
import { expectNoSeriousViolations, launchBrowser } from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'artifacts', 'screenshots');
const SUPPLY = 'raw-material-supply-chain-security';

/**
 * The fonts Chromium drew an element's text with (DevTools' CSS.getPlatformFontsForNode): on
 * this machine, Korean or Chinese text drawn with a system font is empty boxes.
 */
async function fontsDrawing(
  page: Page,
  selector: string,
): Promise<{ familyName: string; isCustomFont: boolean }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/**
 * The website in Korean and Chinese in Chromium, on a machine with no CJK font of its own
 * (`fc-list :lang=ko` lists none here): the text renders with the fonts the site ships.
 */
describe('website in Korean and Chinese, in Chromium, with axe', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it.each([
    ['ko', '/ko/', CATALOGUES.ko.home.heading, 'Noto Sans KR'],
    ['zh', '/zh/', CATALOGUES.zh.home.heading, 'Noto Sans SC'],
    ['ko', `/ko/commitments/${SUPPLY}`, '원자재 공급망 안정 확보', 'Noto Sans KR'],
    ['zh', `/zh/commitments/${SUPPLY}`, '确保原材料供应链安全', 'Noto Sans SC'],
  ])(
    '%s %s: in its language, with the shipped font, and axe finds nothing serious',
    async (language, url, heading, family) => {
      const page = await (
        await browser.newContext({ viewport: { width: 1280, height: 900 } })
      ).newPage();
      // Every slice of the fonts the page's characters need has arrived.
      await page.goto(`${baseUrl}${url}`, { waitUntil: 'networkidle' });
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      expect(await page.locator('h1').innerText()).toBe(heading);
      for (const selector of ['h1', '.site-tagline', '.badge']) {
        const fonts = await fontsDrawing(page, selector);
        expect(fonts.map((font) => font.familyName)).toContainEqual(
          expect.stringContaining(family),
        );
        for (const font of fonts) expect(font).toMatchObject({ isCustomFont: true });
      }
      await expectNoSeriousViolations(page);
      const name = `${language}-${url.includes('commitments') ? 'commitment' : 'home'}.png`;
      await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
      await page.context().close();
    },
  );

  it('labels the quote as reported and its translation on a commitment page', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${baseUrl}/ko/commitments/${SUPPLY}`);
    const labels = await page.locator('.quote .quote__label').allInnerTexts();
    expect(labels[0]).toBe('보도된 원문 인용(English)');
    expect(labels[1]).toContain('공식 문서가 아닙니다');
    expect(await page.getAttribute('.quote blockquote', 'lang')).toBe('en');
    await page.context().close();
  });

  it('an English page loads none of the Korean or Chinese fonts', async () => {
    const page = await (await browser.newContext()).newPage();
    const fonts: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().includes('/assets/fonts/')) fonts.push(sent.url());
    });
    await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle' });
    expect(fonts).toEqual([]);
    const drawing = await fontsDrawing(page, 'h1');
    expect(drawing.length).toBeGreaterThan(0);
    for (const font of drawing) expect(font).toMatchObject({ isCustomFont: false });
    await page.context().close();
  });

  it('without JavaScript, the switcher keeps the page and its filters', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${baseUrl}/`);
    await page.selectOption('#filter-theme', 'supply-chain-security');
    await page.click('.filters button[type="submit"]');
    await page.click('.languages a[hreflang="zh"]');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/zh/');
    expect(url.searchParams.get('theme')).toBe('supply-chain-security');
    expect(await page.inputValue('#filter-theme')).toBe('supply-chain-security');
    expect(await page.locator('h1').innerText()).toBe(CATALOGUES.zh.home.heading);
    await page.click('.card__title a');
    await page.click('.languages a[hreflang="ko"]');
    expect(new URL(page.url()).pathname).toBe(`/ko/commitments/${SUPPLY}`);
    await page.context().close();
  });
});
