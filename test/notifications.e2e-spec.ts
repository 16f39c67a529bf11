import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'receiver-shared-secret';
const HOUR = 3_600_000;

describe('notification delivery by webhook', () => {
  let t: TestApp;
  let admin: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestApp({
      env: {
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_TIMEOUT_MS: '300',
        NOTIFICATION_MAX_ATTEMPTS: '4',
        NOTIFICATION_BACKOFF_BASE_MS: String(10 * 60_000),
        PUBLIC_BASE_URL: 'https://tracker.example.org',
      },
    });
    admin = await bearer(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const dispatchAt = async (instant: Date) => {
    setNow(t, instant.toISOString());
    return (await runJob(t, 'dispatch-notifications', admin)).counts;
  };

  it('retries a receiver that fails three times, then delivers the signed notification', async () => {
    receiver.answer = (index) => (index < 3 ? 500 : 200);
    setNow(t, '2022-07-25T00:00:00.000Z');
    await runJob(t, 'deadline-check', admin);
    const notification = await t.prisma.notification.findFirstOrThrow();

    const start = new Date('2022-07-25T00:00:00.000Z');
    expect(await dispatchAt(start)).toMatchObject({
      notificationsSent: 0,
      notificationsRetrying: 1,
    });
    // Backing off: not due again at the same instant.
    expect(await dispatchAt(start)).toMatchObject({
      notificationsSent: 0,
      notificationsRetrying: 0,
    });
    for (const hours of [1, 2]) {
      await dispatchAt(new Date(start.getTime() + hours * HOUR));
    }
    expect(await dispatchAt(new Date(start.getTime() + 3 * HOUR))).toMatchObject({
      notificationsSent: 1,
    });
    expect(await dispatchAt(new Date(start.getTime() + 9 * HOUR))).toMatchObject({
      notificationsSent: 0,
    });

    expect(receiver.received).toHaveLength(4);
    for (const { body, signature, timestamp } of receiver.received) {
      expect(signature).toBe(
        `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`,
      );
    }
    expect(receiver.received.map((r) => Number(r.timestamp) * 1000)).toEqual(
      [0, 1, 2, 3].map((hours) => start.getTime() + hours * HOUR),
    );
    const payload = JSON.parse(receiver.received[3].body);
    expect(payload).toMatchObject({
      id: notification.id,
      reminder: { kind: 'DEADLINE_APPROACHING', state: 'OPEN', dueAt: '2022-08-24T00:00:00.000Z' },
      commitment: { slug: 'mature-partnership-30th-anniversary', targetDate: '2022-08-24' },
      link: 'https://tracker.example.org/commitments/mature-partnership-30th-anniversary',
    });

    const delivered = await t.prisma.notification.findUniqueOrThrow({
      where: { id: notification.id },
      include: { attempts: { orderBy: { attemptedAt: 'asc' } } },
    });
    expect(delivered).toMatchObject({ state: 'DELIVERED', attemptCount: 4 });
    expect(delivered.attempts.map((a) => [a.channel, a.httpStatus, a.succeeded])).toEqual([
      ['webhook', 500, false],
      ['webhook', 500, false],
      ['webhook', 500, false],
      ['webhook', 200, true],
    ]);
  });

  it('marks a notification FAILED after the configured attempts at a receiver that never answers', async () => {
    receiver.answer = () => 'never';
    const start = new Date('2023-01-02T00:00:00.000Z');
    const commitment = await t.prisma.commitment.findFirstOrThrow();
    const reminder = await t.prisma.reminder.create({
      data: {
        commitmentId: commitment.id,
        kind: 'CUSTOM',
        dueAt: start,
        notifications: { create: { nextAttemptAt: start } },
      },
      include: { notifications: true },
    });
    const counts = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      counts.push(await dispatchAt(new Date(start.getTime() + attempt * 24 * HOUR)));
    }
    expect(counts.map((c) => c.notificationsFailed)).toEqual([0, 0, 0, 1, 0]);
    const failed = await t.prisma.notification.findUniqueOrThrow({
      where: { id: reminder.notifications[0].id },
      include: { attempts: true },
    });
    expect(failed).toMatchObject({ state: 'FAILED', attemptCount: 4 });
    expect(failed.lastError).toMatch(/abort|timeout/i);
    expect(failed.attempts).toHaveLength(4);
    expect(failed.attempts.every((a) => !a.succeeded && a.httpStatus === null)).toBe(true);
  });
});
