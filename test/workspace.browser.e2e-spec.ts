import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectNoSeriousViolations as axeFindsNoSeriousViolations,
  launchBrowser,
} from './support/browser.js';
import { runBuilt } from './support/built-process.js';
import { CATALOGUES } from '../src/i18n/i18n.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, PASSWORD } from './support/workspace.js';

const SLUG = 'raw-material-supply-chain-security';
const NEW_PASSWORD = 'lanterns over the river';

describe('staff workspace in a browser (Chromium; the new editor walks it without JavaScript)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  const withoutJavaScript = new WeakSet<Page>();

  /** A fresh browser profile; the walk of a new editor runs without JavaScript. */
  async function newPage(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    if (!javaScriptEnabled) withoutJavaScript.add(page);
    return page;
  }

  /** Where a page walked without JavaScript is opened again, with its cookies, for axe. */
  let withJavaScript: Promise<Page> | undefined;

  /**
   * No script on the page (it works without JavaScript), and axe, which runs as a script, finds
   * no serious violation: for a page without JavaScript, on the same page opened with it.
   */
  async function expectNoSeriousViolations(page: Page): Promise<void> {
    expect(await page.locator('script').count()).toBe(0);
    if (!withoutJavaScript.has(page)) return axeFindsNoSeriousViolations(page);
    const copy = await (withJavaScript ??= newPage());
    await copy.context().clearCookies();
    await copy.context().addCookies(await page.context().cookies());
    await copy.goto(page.url());
    await axeFindsNoSeriousViolations(copy);
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${baseUrl}/staff`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff');
  }

  /** The status update form's fields as the page holds them (the double submit sends them). */
  async function statusFormFields(page: Page): Promise<Record<string, string>> {
    const form = page.locator('form[action$="/status-updates"]');
    const fields: Record<string, string> = {};
    for (const name of ['_csrf', 'version', 'openedAt', 'formToken', 'status', 'effectiveOn']) {
      fields[name] = await form.locator(`[name="${name}"]`).inputValue();
    }
    return fields;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await t.prisma.commitment.update({ where: { slug: SLUG }, data: { staleSince: new Date() } });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t.close();
  });

  it('walks a new editor from the invitation to a recorded status update', async () => {
    const created = await runBuilt(
      'src/cli/users-create.js',
      ['--email', 'nora@example.org', '--name', 'Nora Editor', '--role', 'editor'],
      { DATABASE_URL: t.database.url, PUBLIC_BASE_URL: baseUrl, LOG_LEVEL: 'silent' },
    );
    expect(created.code).toBe(0);
    const link = /(http\S+\/staff\/invitation\?token=\S+)/.exec(created.stdout)![1];

    const page = await newPage(false);
    await page.goto(link);
    await expectNoSeriousViolations(page);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Your password is set');
    await expectNoSeriousViolations(page);
    await signIn(page, 'nora@example.org', NEW_PASSWORD);

    await expectNoSeriousViolations(page);
    const stale = page.locator('section[aria-labelledby="stale-heading"]');
    await stale.locator(`a[href="/staff/commitments/${SLUG}"]`).click();
    await expectNoSeriousViolations(page);
    await page.getByLabel('Status', { exact: true }).selectOption('IN_PROGRESS');
    await page.getByLabel('Note', { exact: true }).first().fill('Supply talks resumed in Seoul.');
    await page.getByLabel('Progress (0–100, optional)').fill('25');
    await page.getByLabel('Add an article by URL').fill('https://news.example.org/supply-talks');
    await page
      .getByLabel('Article title (for an article not yet known)')
      .fill('Supply talks resume');
    await page.getByRole('button', { name: 'Record status update' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Status update recorded.');
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'See it on the public page' }).click();
    expect(new URL(page.url()).pathname).toBe(`/commitments/${SLUG}`);
    const publicText = await page.locator('main').innerText();
    expect(publicText).toContain('Supply talks resumed in Seoul.');
    expect(publicText).toContain('Supply talks resume');

    await page.goto(`${baseUrl}/staff`);
    expect(await stale.locator(`a[href="/staff/commitments/${SLUG}"]`).count()).toBe(0);
    // Eight pages, each also checked by axe: more than a default test's minute on a busy machine.
  }, 180_000);

  it('records a double submit once', async () => {
    const page = await newPage();
    await signIn(page, 'nora@example.org', NEW_PASSWORD);
    await page.goto(`${baseUrl}/staff/commitments/${SLUG}`);
    const fields = { ...(await statusFormFields(page)), note: 'Submitted twice by accident.' };
    const action = `${baseUrl}/staff/commitments/${SLUG}/status-updates`;
    const post = () => page.request.post(action, { form: fields, maxRedirects: 0 });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((answer) => answer.status())).toEqual([303, 303]);
    expect(
      await t.prisma.statusUpdate.count({ where: { note: 'Submitted twice by accident.' } }),
    ).toBe(1);
  });

  it("shows a second editor's stale form the conflict, with their text kept", async () => {
    await account(t, 'omar@example.org');
    const omar = await newPage();
    await signIn(omar, 'omar@example.org', PASSWORD);
    await omar.goto(`${baseUrl}/staff/commitments/${SLUG}`);

    const nora = await newPage();
    await signIn(nora, 'nora@example.org', NEW_PASSWORD);
    await nora.goto(`${baseUrl}/staff/commitments/${SLUG}`);
    await nora.locator('#review-note').fill('Checked the ministry readout.');
    await nora.getByRole('button', { name: 'Record review' }).click();
    expect(await nora.getByRole('status').innerText()).toContain('Review recorded.');

    const typed = 'The export controls were eased, per the trade ministry.';
    await omar.getByLabel('Status', { exact: true }).selectOption('PARTIALLY_FULFILLED');
    await omar.locator('#update-note').fill(typed);
    await omar.getByRole('button', { name: 'Record status update' }).click();
    expect(await omar.getByRole('alert').first().innerText()).toContain(
      'Someone else changed this commitment',
    );
    expect(await omar.locator('#update-note').inputValue()).toBe(typed);
    expect(await omar.getByLabel('Status', { exact: true }).inputValue()).toBe(
      'PARTIALLY_FULFILLED',
    );
    await expectNoSeriousViolations(omar);
    await omar.getByRole('button', { name: 'Record status update' }).click();
    expect(await omar.getByRole('status').innerText()).toContain('Status update recorded.');
  });

  it('needs the CSRF token, ends the session on sign-out, keeps editors off admin pages', async () => {
    const page = await newPage();
    await signIn(page, 'nora@example.org', NEW_PASSWORD);
    const forged = await page.request.post(`${baseUrl}/staff/sign-out`, {
      form: {},
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);

    const admin = await page.goto(`${baseUrl}/staff/admin/users`);
    expect(admin?.status()).toBe(403);
    await expectNoSeriousViolations(page);
    await page.goto(`${baseUrl}/staff/account`);
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: /Sign out Nora Editor/ }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
    await page.goto(`${baseUrl}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
  });

  it('has no serious or critical accessibility violations on the admin and reference pages', async () => {
    await account(t, 'chief@example.org', 'admin');
    const page = await newPage();
    await signIn(page, 'chief@example.org', PASSWORD);
    await page.goto(`${baseUrl}/staff/admin/users`);
    await expectNoSeriousViolations(page);
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('Name', { exact: true }).fill('Someone');
    await page.getByRole('button', { name: 'Invite' }).click();
    await expectNoSeriousViolations(page);
    for (const pagePath of [
      'admin/api-keys',
      'admin/jobs',
      'admin/notifications',
      'admin/audit?action=staff-user.sign-in',
      'reference/events',
      'reference/parties',
      'reference/themes',
      'commitments/new',
      'evidence',
      `commitments/${SLUG}`,
    ]) {
      await page.goto(`${baseUrl}/staff/${pagePath}`);
      await expectNoSeriousViolations(page);
    }
  }, 180_000);

  it('shows a Korean editor the workspace in Korean, with no serious accessibility violation', async () => {
    const user = await account(t, 'jiwoo@example.org');
    await t.prisma.staffUser.update({ where: { id: user.id }, data: { language: 'ko' } });
    const page = await newPage();
    await signIn(page, 'jiwoo@example.org', PASSWORD);
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      CATALOGUES.ko.staff.queue,
    );
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: CATALOGUES.ko.staff.account }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      CATALOGUES.ko.staffAccount.title,
    );
    await expectNoSeriousViolations(page);
  });
});
