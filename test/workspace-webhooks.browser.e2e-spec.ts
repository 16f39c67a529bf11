import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { expectNoSeriousViolations, launchBrowser } from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { account, PASSWORD } from './support/workspace.js';

describe('workspace: webhooks page in a browser (Chromium, axe)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestApp({ seed: false, env: { WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await account(t, 'chief@example.org', 'admin');
    page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/staff`);
    await page.getByLabel('Email', { exact: true }).fill('chief@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
    await receiver.close();
  });

  it('registers an endpoint (secret shown once), tests it, shows its deliveries, pauses and resumes it', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    expect(await page.locator('main').innerText()).toContain('No endpoints yet');
    await expectNoSeriousViolations(page);

    await page.getByLabel('URL (https://)').fill('http://receiver.example.org/hook');
    await page.getByLabel('evidence.linked').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.locator('#url-error').innerText()).toContain('must be https://');
    await expectNoSeriousViolations(page);

    await page.getByLabel('URL (https://)').fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByRole('status').locator('code').innerText();
    expect(secret).toMatch(/^whsec_/);
    await expectNoSeriousViolations(page);
    await page.goto(`${baseUrl}/staff/admin/webhooks`);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: `Send test event for ${receiver.url}` }).click();
    expect(await page.getByRole('status').innerText()).toContain('delivered (HTTP 200)');
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ type: 'webhook.test' });

    await page.getByRole('link', { name: receiver.url }).click();
    expect(await page.locator('tbody').innerText()).toContain('webhook.test');
    await expectNoSeriousViolations(page);

    await page.goto(`${baseUrl}/staff/admin/webhooks`);
    await page.getByRole('button', { name: `Pause for ${receiver.url}` }).click();
    expect(await page.locator('tbody').innerText()).toContain('paused');
    await page.getByRole('button', { name: `Resume for ${receiver.url}` }).click();
    expect(await page.locator('tbody').innerText()).toContain('active');
  }, 60_000);

  it('tells admins which endpoint was paused for failing', async () => {
    const failedAt = new Date('2026-03-02T09:00:00.000Z');
    await t.prisma.webhookEndpoint.create({
      data: {
        url: 'https://down.example.org/hook',
        eventTypes: ['reminder.opened'],
        secret: 's',
        failingSince: failedAt,
        pausedAt: new Date(failedAt.getTime() + 86_400_000),
        pauseReason: 'FAILING',
      },
    });
    await page.goto(`${baseUrl}/staff/admin/webhooks`);
    expect(await page.getByRole('alert').innerText()).toContain('https://down.example.org/hook');
    expect(await page.locator('tbody').innerText()).toContain(
      'paused: failing since 2026-03-02 09:00 UTC',
    );
    await expectNoSeriousViolations(page);
  }, 60_000);
});
