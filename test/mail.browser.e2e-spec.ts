import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { expectNoSeriousViolations, launchBrowser } from './support/browser.js';
import { runJob } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, PASSWORD } from './support/workspace.js';

const PLEDGE = 'climate-change-cooperation';

describe('follow and mail preference pages in a browser (Chromium, no JavaScript needed)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: string;
  const logLines: { msg?: string; to?: string; text?: string }[] = [];

  beforeAll(async () => {
    // No SMTP_URL: mail goes to the log, which the test reads.
    t = await createTestApp({
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (chunk: string) => void logLines.push(JSON.parse(chunk)) },
    });
    admin = await bearer(t, 'admin');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  /** The link of the mail to the address, as the send-mail job logged it. */
  async function linkOfMail(to: string, action: 'confirm' | 'unsubscribe'): Promise<string> {
    await runJob(t, 'send-mail', admin);
    const mail = logLines.findLast((line) => line.msg === 'mail' && line.to === to);
    const url = new RegExp(`https?://\\S+/follow/${action}\\?token=\\S+`).exec(mail!.text!)![0];
    const { pathname, search } = new URL(url);
    return `${baseUrl}${pathname}${search}`;
  }

  it('follows a pledge from its page, confirms and unsubscribes by the buttons', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page: Page = await context.newPage();
    await page.goto(`${baseUrl}/commitments/${PLEDGE}`);
    await page.getByLabel('Email address').fill('reader@example.org');
    await page.getByRole('button', { name: 'Follow' }).click();
    expect(await page.locator('h1').innerText()).toBe('Check your inbox');

    await page.goto(await linkOfMail('reader@example.org', 'confirm'));
    await page.getByRole('button', { name: 'Confirm the follow' }).click();
    expect(await page.locator('h1').innerText()).toBe('Follow confirmed');
    await page.goto(await linkOfMail('reader@example.org', 'unsubscribe'));
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    expect(await page.locator('h1').innerText()).toBe('Unsubscribed');
    expect(await t.prisma.subscription.count()).toBe(0);
    await context.close();
  });

  it('has no serious accessibility violations on the follow pages and the mail preferences', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/themes/culture-exchange`);
    await expectNoSeriousViolations(page);
    await page.getByLabel('Email address').fill('fan@example.org');
    await page.getByRole('button', { name: 'Follow' }).click();
    await expectNoSeriousViolations(page);
    await page.goto(`${baseUrl}/follow/confirm?token=forged`);
    await expectNoSeriousViolations(page);

    await account(t, 'ada@example.org');
    await page.goto(`${baseUrl}/staff`);
    await page.getByLabel('Email', { exact: true }).fill('ada@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${baseUrl}/staff/account`);
    await page.getByLabel('A daily digest').check();
    await page.getByLabel('Digest hour (0–23)').fill('7');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByLabel('A daily digest').isChecked()).toBe(true);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    await expectNoSeriousViolations(page);
    expect(
      await t.prisma.staffUser.findFirstOrThrow({ where: { email: 'ada@example.org' } }),
    ).toMatchObject({ mailPreference: 'DAILY_DIGEST', digestHour: 7, timeZone: 'Europe/Berlin' });
    await page.context().close();
  }, 120_000);
});
