import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { NotificationState } from '../src/generated/prisma/enums.js';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const NOW = new Date('2024-06-01T00:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe('cleanup with a moved clock', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // Batches of two, so each table is deleted from in several statements.
    t = await createTestApp({
      env: {
        JOB_BATCH_SIZE: '2',
        JOB_RUN_RETENTION_DAYS: '30',
        NOTIFICATION_RETENTION_DAYS: '90',
      },
    });
    admin = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  const notification = async (
    state: NotificationState,
    finishedAt: Date | null,
    attempts: number,
  ) => {
    const reminder = await t.prisma.reminder.findFirstOrThrow();
    const created = await t.prisma.notification.create({
      data: {
        reminderId: reminder.id,
        state,
        finishedAt,
        deliveredAt: state === 'DELIVERED' ? finishedAt : null,
        createdAt: daysAgo(200),
        attempts: {
          create: Array.from({ length: attempts }, () => ({
            channel: 'log',
            succeeded: state === 'DELIVERED',
            durationMs: 1,
            attemptedAt: finishedAt ?? daysAgo(200),
          })),
        },
      },
    });
    return created.id;
  };

  describe('on rows of every age', () => {
    const kept = {
      idempotency: [] as string[],
      jobRuns: [] as string[],
      notifications: [] as string[],
      webhookEvents: [] as string[],
    };
    let before: { audit: number; reminders: number; statusUpdates: number };
    let firstRun: string;

    beforeAll(async () => {
      const apiKey = await t.prisma.apiKey.findFirstOrThrow();
      const expiresAt = [daysAgo(400), daysAgo(2), daysAgo(1), daysAgo(1), daysAgo(0.5), NOW];
      await t.prisma.idempotencyRecord.createMany({
        data: [...expiresAt, new Date(NOW.getTime() + 1), daysAgo(-1)].map((at, index) => ({
          apiKeyId: apiKey.id,
          key: `key-${index}`,
          requestHash: 'a'.repeat(64),
          state: 'COMPLETED',
          responseStatus: 201,
          createdAt: new Date(at.getTime() - DAY),
          expiresAt: at,
        })),
      });
      kept.idempotency = ['key-6', 'key-7'];

      const run = (startedAt: Date, outcome: 'SUCCEEDED' | 'FAILED' | 'RUNNING') => ({
        name: 'stale-check',
        trigger: 'SCHEDULE' as const,
        startedAt,
        finishedAt: outcome === 'RUNNING' ? null : startedAt,
        outcome,
      });
      await t.prisma.jobRun.createMany({
        data: [
          run(daysAgo(365), 'SUCCEEDED'),
          run(daysAgo(60), 'FAILED'),
          run(daysAgo(31), 'SUCCEEDED'),
          run(daysAgo(30.01), 'SUCCEEDED'),
          run(daysAgo(30.001), 'SUCCEEDED'),
        ],
      });
      const recent = await t.prisma.jobRun.createManyAndReturn({
        data: [run(daysAgo(29), 'SUCCEEDED'), run(daysAgo(1), 'FAILED')],
      });
      // A lease, however old, belongs to the job runner: it closes abandoned ones itself.
      const lease = await t.prisma.jobRun.create({ data: run(daysAgo(40), 'RUNNING') });
      kept.jobRuns = [...recent.map((row) => row.id), lease.id];

      await t.prisma.reminder.create({
        data: {
          commitmentId: (await t.prisma.commitment.findFirstOrThrow()).id,
          kind: 'CUSTOM',
          dueAt: daysAgo(200),
        },
      });
      await notification('DELIVERED', daysAgo(300), 2);
      await notification('DELIVERED', daysAgo(91), 1);
      await notification('FAILED', daysAgo(120), 3);
      await notification('FAILED', daysAgo(90.01), 3);
      kept.notifications = [
        await notification('DELIVERED', daysAgo(89), 1),
        await notification('FAILED', daysAgo(10), 2),
        // Pending (a reminder snoozed far ahead), however old: it has not been sent yet.
        await notification('PENDING', null, 0),
      ];

      // Webhook events: one old and delivered everywhere (goes), one old with a delivery still
      // pending (kept), one recent (kept).
      const endpoints = await t.prisma.webhookEndpoint.createManyAndReturn({
        data: ['a', 'b'].map((name) => ({
          url: `https://${name}.example.org/`,
          eventTypes: ['evidence.linked'],
          secret: name,
        })),
      });
      const event = (createdAt: Date, states: NotificationState[]) =>
        t.prisma.webhookEvent.create({
          data: {
            type: 'evidence.linked',
            payload: {},
            createdAt,
            deliveries: {
              create: states.map((state, index) => ({
                endpointId: endpoints[index].id,
                state,
                finishedAt: state === 'PENDING' ? null : createdAt,
              })),
            },
          },
        });
      await event(daysAgo(91), ['DELIVERED', 'FAILED']);
      kept.webhookEvents = [
        (await event(daysAgo(91), ['DELIVERED', 'PENDING'])).id,
        (await event(daysAgo(89), ['DELIVERED'])).id,
      ];

      await t.prisma.auditEntry.create({
        data: {
          actor: 'someone',
          action: 'commitment.update',
          entityType: 'commitment',
          entityId: 'x',
          at: daysAgo(3000),
        },
      });
      before = {
        audit: await t.prisma.auditEntry.count(),
        reminders: await t.prisma.reminder.count(),
        statusUpdates: await t.prisma.statusUpdate.count(),
      };
    });

    it('deletes expired idempotency records and old finished job runs, notifications and webhook events', async () => {
      setNow(t, NOW.toISOString());
      const cleanup = await runJob(t, 'cleanup', admin);
      firstRun = cleanup.id;
      expect(cleanup.counts).toEqual({
        idempotencyRecordsDeleted: 6,
        jobRunsDeleted: 5,
        notificationsDeleted: 4,
        notificationAttemptsDeleted: 9,
        webhookEventsDeleted: 1,
        webhookDeliveriesDeleted: 2,
        mailsDeleted: 0,
      });
      const idempotency = await t.prisma.idempotencyRecord.findMany({ orderBy: { key: 'asc' } });
      expect(idempotency.map((row) => row.key)).toEqual(kept.idempotency);
      const jobRuns = await t.prisma.jobRun.findMany({ where: { name: 'stale-check' } });
      expect(jobRuns.map((row) => row.id).sort()).toEqual([...kept.jobRuns].sort());
      const notifications = await t.prisma.notification.findMany();
      expect(notifications.map((row) => row.id).sort()).toEqual([...kept.notifications].sort());
      expect(await t.prisma.notificationAttempt.count()).toBe(3);
      const events = await t.prisma.webhookEvent.findMany();
      expect(events.map((row) => row.id).sort()).toEqual([...kept.webhookEvents].sort());
    });

    it('keeps audit entries, reminders and the timeline', async () => {
      expect({
        audit: await t.prisma.auditEntry.count(),
        reminders: await t.prisma.reminder.count(),
        statusUpdates: await t.prisma.statusUpdate.count(),
      }).toEqual(before);
    });

    it('deletes nothing when run again, and keeps its own runs', async () => {
      const again = await runJob(t, 'cleanup', admin);
      expect(again.counts).toEqual({
        idempotencyRecordsDeleted: 0,
        jobRunsDeleted: 0,
        notificationsDeleted: 0,
        notificationAttemptsDeleted: 0,
        webhookEventsDeleted: 0,
        webhookDeliveriesDeleted: 0,
        mailsDeleted: 0,
      });
      const runs = await request(t.http)
        .get('/api/v1/jobs/runs?name=cleanup')
        .set('Authorization', admin)
        .expect(200);
      const ids = runs.body.data.map((run: { id: string }) => run.id);
      expect(ids.sort()).toEqual([firstRun, again.id].sort());
      expect(runs.body.data.find((run: { id: string }) => run.id === firstRun)).toMatchObject({
        trigger: 'API',
        outcome: 'SUCCEEDED',
        counts: { jobRunsDeleted: 5, notificationsDeleted: 4 },
      });
    });
  });

  it('counts a delivered notification`s retention from when dispatch delivered it', async () => {
    await t.prisma.notification.deleteMany();
    setNow(t, '2022-07-25T00:00:00.000Z'); // 30 days before a seeded target date
    await runJob(t, 'deadline-check', admin);
    const deliveredAt = new Date('2022-09-01T12:00:00.000Z');
    setNow(t, deliveredAt.toISOString());
    expect((await runJob(t, 'dispatch-notifications', admin)).counts).toMatchObject({
      notificationsSent: 1,
    });
    expect(await t.prisma.notification.findFirstOrThrow()).toMatchObject({
      state: 'DELIVERED',
      finishedAt: deliveredAt,
    });
    setNow(t, new Date(deliveredAt.getTime() + 90 * DAY).toISOString());
    expect((await runJob(t, 'cleanup', admin)).counts).toMatchObject({ notificationsDeleted: 0 });
    setNow(t, new Date(deliveredAt.getTime() + 90 * DAY + 1).toISOString());
    expect((await runJob(t, 'cleanup', admin)).counts).toMatchObject({
      notificationsDeleted: 1,
      notificationAttemptsDeleted: 1,
    });
    expect(await t.prisma.reminder.count({ where: { kind: 'DEADLINE_APPROACHING' } })).toBe(1);
  });
});
