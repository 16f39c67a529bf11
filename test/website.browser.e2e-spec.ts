import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/project-root.js';
import { expectNoSeriousViolations, launchBrowser } from './support/browser.js';
import { addAssessment } from './support/assessments.js';
import { addTimeline } from './support/timeline.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'artifacts', 'screenshots');
const VIEWPORTS = { phone: { width: 360, height: 780 }, desktop: { width: 1280, height: 900 } };
const PLEDGE = 'mature-partnership-30th-anniversary';

/** Statuses as a tracker has them after a while, so every badge colour is checked and shown. */
async function giveVariedStatuses(t: TestApp): Promise<void> {
  const changes = [
    ['raw-material-supply-chain-security', 'IN_PROGRESS', 40],
    ['climate-change-cooperation', 'PARTIALLY_FULFILLED', 60],
    ['revitalize-cultural-exchanges', 'FULFILLED', 100],
    ['leader-and-high-level-exchanges', 'STALLED', 20],
    ['peace-process-end-of-war-declaration', 'BROKEN', null],
  ] as const;
  for (const [slug, status, progress] of changes) {
    await t.prisma.commitment.update({ where: { slug }, data: { status, progress } });
  }
  await addTimeline(
    t,
    PLEDGE,
    {
      fromStatus: 'NOT_STARTED',
      toStatus: 'NOT_STARTED',
      note: 'Anniversary plans announced; no joint programme yet.',
      recordedAt: new Date('2022-08-25T09:00:00Z'),
    },
    'Checked the readouts: nothing new.',
  );
  await t.prisma.commitment.update({
    where: { slug: 'raw-material-supply-chain-security' },
    data: { staleSince: new Date() },
  });
  await giveAssessments(t);
}

/** Every score colour in the matrix, an unassessed cell and a score under an older method. */
async function giveAssessments(t: TestApp): Promise<void> {
  await addAssessment(t, PLEDGE, 'KR', { score: 1, rationale: 'Programme held.', kind: 'FINAL' });
  await addAssessment(t, PLEDGE, 'CN', {
    score: 0,
    rationale: 'Half the events held.',
    methodologyVersion: '0',
  });
  await addAssessment(t, 'peace-process-end-of-war-declaration', 'KR', {
    score: -1,
    rationale: 'No declaration.',
  });
}

async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

describe('public website in a browser (Chromium, JavaScript not needed)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await giveVariedStatuses(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    // A browser that failed to start must not keep the app (and Jest) running.
    await browser?.close();
    await t.close();
  });

  it('filters by theme and status, opens a pledge and checks its evidence link', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/`);
    expect(await page.title()).toBe('Commitment Tracker');

    await page.selectOption('#filter-theme', 'bilateral-relations');
    await page.selectOption('#filter-status', 'NOT_STARTED');
    await page.click('button[type=submit]');
    const filtered = new URL(page.url());
    expect(filtered.searchParams.get('theme')).toBe('bilateral-relations');
    expect(filtered.searchParams.get('status')).toBe('NOT_STARTED');
    expect(await page.inputValue('#filter-theme')).toBe('bilateral-relations');
    const titles = await page.locator('.card__title').allInnerTexts();
    expect(titles).toHaveLength(2);
    const badges = await page.locator('.card .badge').allInnerTexts();
    expect(badges).toHaveLength(2);
    for (const badge of badges) expect(badge).toMatch(/Not started/);

    await page.click(`a[href="/commitments/${PLEDGE}"]`);
    expect(new URL(page.url()).pathname).toBe(`/commitments/${PLEDGE}`);
    const evidence = page.locator('a.evidence__link').first();
    const href = await evidence.getAttribute('href');
    expect(href).toMatch(/^https?:\/\/[^/]+\//);
    expect(await evidence.getAttribute('rel')).toMatch(/\bnoopener\b/);
    await page.context().close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const page = await openPage(browser);
    for (const pagePath of [
      '/',
      `/commitments/${PLEDGE}`,
      '/events/kr-cn-strategic-dialogue-2021-12-23',
      '/themes/bilateral-relations',
      '/methodology',
      '/commitments/no-such-pledge',
    ]) {
      await page.goto(`${baseUrl}${pagePath}`);
      await expectNoSeriousViolations(page);
    }
    await page.context().close();
  });

  it('keeps Swagger UI working under the Content-Security-Policy', async () => {
    const page = await openPage(browser);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${baseUrl}/api/docs`);
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 20_000 });
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('reads at phone and desktop widths (screenshots under artifacts/screenshots)', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await openPage(browser, { viewport });
      for (const [label, pagePath] of [
        ['home', '/'],
        ['commitment', `/commitments/${PLEDGE}`],
        ['event', '/events/kr-cn-strategic-dialogue-2021-12-23'],
      ]) {
        await page.goto(`${baseUrl}${pagePath}`);
        // Evaluated in the page; the expression is text because tests compile without DOM types.
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: path.join(SCREENSHOTS, `${label}-${name}.png`),
          fullPage: true,
        });
      }
      await page.context().close();
    }
  });
});
