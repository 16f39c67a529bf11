import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { JobRunDto } from '../src/jobs/dto/job-run.dto.js';
import { setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

describe('two app instances on one database', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    const env = { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'secret' };
    first = await createTestApp({ env });
    second = await createTestApp({ env, databaseUrl: first.database.url });
    admin = await bearer(first, 'admin');
    for (const t of [first, second]) setNow(t, '2022-04-01T00:00:00.000Z');
  });
  afterAll(async () => {
    receiver.release();
    await second.close();
    await first.close();
    await receiver.close();
  });

  const trigger = (t: TestApp, name: string) =>
    request(t.http).post(`/api/v1/jobs/${name}/run`).set('Authorization', admin);

  it('runs a job once while it is running elsewhere: the other instance gets 409', async () => {
    const commitment = await first.prisma.commitment.findFirstOrThrow();
    await first.prisma.reminder.create({
      data: {
        commitmentId: commitment.id,
        kind: 'CUSTOM',
        dueAt: new Date('2022-04-01T00:00:00.000Z'),
        notifications: { create: { nextAttemptAt: new Date('2022-04-01T00:00:00.000Z') } },
      },
    });
    receiver.answer = () => 'never';
    const arrived = receiver.nextRequest();
    const running = trigger(first, 'dispatch-notifications').then((response) => response);
    await arrived;

    const refused = await trigger(second, 'dispatch-notifications').expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain('dispatch-notifications');
    // Only the same job is excluded: another job runs meanwhile.
    await trigger(second, 'deadline-check').expect(200);

    receiver.release();
    const finished = await running;
    expect(finished.status).toBe(200);
    expect((finished.body as JobRunDto).counts).toMatchObject({ notificationsSent: 1 });
    expect(receiver.received).toHaveLength(1);
    expect(await first.prisma.jobRun.count({ where: { name: 'dispatch-notifications' } })).toBe(1);
  });

  it('executes a job triggered on both instances at once only once', async () => {
    const responses = await Promise.all([
      trigger(first, 'stale-check'),
      trigger(second, 'stale-check'),
    ]);
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    const succeeded = responses.filter((response) => response.status === 200);
    const flagged = succeeded.map((response) => (response.body as JobRunDto).counts.flagged);
    // Whoever ran first flagged all nine; a run that was not refused found nothing left to do.
    expect(flagged.sort((a, b) => b - a)).toEqual(succeeded.length === 2 ? [9, 0] : [9]);
    expect(await first.prisma.reminder.count({ where: { kind: 'REVIEW_DUE' } })).toBe(9);
    expect(await first.prisma.notification.count()).toBe(10);
  });
});
