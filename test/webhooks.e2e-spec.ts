import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import request from 'supertest';
import { runJob, setNow } from './support/jobs.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

const START = new Date('2026-03-02T09:00:00.000Z');
const MINUTE = 60_000;
const REPLAY_WINDOW_S = 5 * 60;

const at = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

/** What docs/webhooks.md asks a receiver to do: check the signature and refuse old requests. */
function receiverAccepts(req: ReceivedRequest, secret: string, nowSeconds: number): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${req.timestamp}.${req.body}`).digest('hex')}`,
  );
  const given = Buffer.from(req.signature ?? '');
  const fresh = Math.abs(nowSeconds - Number(req.timestamp)) <= REPLAY_WINDOW_S;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `data` of a received event, as far as these tests read it. */
interface Delivered {
  commitment: { id: string };
  [field: string]: unknown;
}

const seconds = (instant: Date) => Math.floor(instant.getTime() / 1000);

describe('webhook endpoints', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let receiver: WebhookReceiver;
  let commitment: { id: string; slug: string };
  /** The app's warnings and errors (request lines of 4xx answers among them). */
  const warnings: { msg: string }[] = [];

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    receiver.answer = (index) => {
      const { path } = receiver.received[index];
      return path === '/down' ? 500 : path === '/moved' ? 302 : 200;
    };
    receiver.redirectTo = receiver.urlOf('/internal');
    t = await createTestApp({
      env: {
        WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_PAUSE_AFTER_HOURS: '1',
        NOTIFICATION_BACKOFF_BASE_MS: String(MINUTE),
        NOTIFICATION_BACKOFF_MAX_MS: String(MINUTE),
        NOTIFICATION_MAX_ATTEMPTS: '50',
        LOG_LEVEL: 'warn',
      },
      logDestination: {
        write: (line: string) => warnings.push(JSON.parse(line) as { msg: string }),
      },
    });
    [admin, editor] = await Promise.all([bearer(t, 'admin'), bearer(t, 'editor')]);
    setNow(t, START.toISOString());
    commitment = await createCommitment(t, editor, { targetDate: '2026-03-20' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const api = (path = '') => `/api/v1/webhooks${path}`;

  const createEndpoint = async (path: string, eventTypes: string[]) =>
    (
      await request(t.http)
        .post(api())
        .set('Authorization', admin)
        .send({ url: receiver.urlOf(path), eventTypes })
        .expect(201)
    ).body as { id: string; secret: string };

  const dispatchAt = async (instant: Date) => {
    setNow(t, instant.toISOString());
    return (await runJob(t, 'dispatch-notifications', admin)).counts;
  };

  const etag = async () =>
    (await request(t.http).get(`/api/v1/commitments/${commitment.id}`)).headers.etag;

  const postStatus = async (status: string) =>
    request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set('Authorization', editor)
      .set('If-Match', await etag())
      .send({ status, note: `Now ${status}.` })
      .expect(201);

  const bodies = (path: string) =>
    receiver.at(path).map((req) => JSON.parse(req.body) as { type: string; data: Delivered });

  it('is for admins only', async () => {
    expectProblem(await request(t.http).get(api()), 401);
    expectProblem(await request(t.http).get(api()).set('Authorization', editor), 403);
    expectProblem(
      await request(t.http)
        .post(api())
        .set('Authorization', editor)
        .send({ url: 'https://receiver.example.org/', eventTypes: ['evidence.linked'] }),
      403,
    );
  });

  it('shows the secret once, never in reads or the audit log', async () => {
    const response = await request(t.http)
      .post(api())
      .set('Authorization', admin)
      .send({ url: 'https://receiver.example.org/hooks', eventTypes: ['evidence.linked'] })
      .expect(201);
    const { id, secret } = response.body;
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(response.headers.location).toBe(`/api/v1/webhooks/${id}`);
    const read = await request(t.http)
      .get(api(`/${id}`))
      .set('Authorization', admin)
      .expect(200);
    expect(read.body).toMatchObject({ id, enabled: true, pauseReason: null, failingSince: null });
    expect(read.body).not.toHaveProperty('secret');
    const list = await request(t.http).get(api()).set('Authorization', admin).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const audit = await t.prisma.auditEntry.findMany({ where: { entityId: id } });
    expect(audit.map((entry) => entry.action)).toEqual(['webhook.create']);
    expect(JSON.stringify(audit.map((entry) => entry.after))).not.toContain(secret);
    await request(t.http)
      .delete(api(`/${id}`))
      .set('Authorization', admin)
      .expect(204);
    expectProblem(
      await request(t.http)
        .get(api(`/${id}`))
        .set('Authorization', admin),
      404,
    );
  });

  it('answers an Idempotency-Key retry of a create without the secret, and creates one endpoint', async () => {
    const create = () =>
      request(t.http)
        .post(api())
        .set('Authorization', admin)
        .set('Idempotency-Key', 'create-once')
        .send({
          url: 'https://once.example.org/hooks',
          eventTypes: ['evidence.linked'],
          enabled: false,
        })
        .expect(201);
    const first = await create();
    const replay = await create();
    expect(first.body).toMatchObject({ enabled: false, pauseReason: 'ADMIN' });
    expect(first.body.secret).toMatch(/^whsec_/);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body).not.toHaveProperty('secret');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(
      await t.prisma.webhookEndpoint.count({ where: { url: 'https://once.example.org/hooks' } }),
    ).toBe(1);
    await request(t.http)
      .delete(api(`/${first.body.id}`))
      .set('Authorization', admin)
      .expect(204);
  });

  it.each([
    [{ url: 'https://receiver.example.org/', eventTypes: ['commitment.deleted'] }, 'eventTypes'],
    [{ url: 'https://receiver.example.org/', eventTypes: [] }, 'eventTypes'],
    [{ url: 'http://receiver.example.org/', eventTypes: ['evidence.linked'] }, 'url'],
    [{ url: 'https://10.0.0.5/hook', eventTypes: ['evidence.linked'] }, 'url'],
    [{ url: 'https://[::ffff:a9fe:a9fe]/', eventTypes: ['evidence.linked'] }, 'url'],
  ])('refuses %j (400 naming %s)', async (body, field) => {
    const response = await request(t.http).post(api()).set('Authorization', admin).send(body);
    expectProblem(response, 400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    expect(await t.prisma.webhookEndpoint.count({ where: { url: body.url } })).toBe(0);
  });

  it('answers 404 for an unknown endpoint and 400 for a malformed id', async () => {
    const unknown = api('/00000000-0000-4000-8000-000000000000');
    for (const call of [
      request(t.http).get(unknown),
      request(t.http).patch(unknown).send({ enabled: false }),
      request(t.http).post(`${unknown}/secret`),
      request(t.http).post(`${unknown}/test`),
      request(t.http).get(`${unknown}/deliveries`),
      request(t.http).delete(unknown),
    ]) {
      expectProblem(await call.set('Authorization', admin), 404);
    }
    expectProblem(await request(t.http).get(api('/nope')).set('Authorization', admin), 400);
  });

  it('delivers each event only to the endpoints subscribed to its type, signed with their own secret and the send time', async () => {
    const status = await createEndpoint('/status', ['commitment.status_changed']);
    const evidence = await createEndpoint('/evidence', ['evidence.linked', 'assessment.recorded']);
    const reminders = await createEndpoint('/reminders', ['reminder.opened']);

    await postStatus('IN_PROGRESS');
    const article = await request(t.http)
      .post('/api/v1/evidence')
      .set('Authorization', editor)
      .send({ url: 'https://example.org/forum-opened', title: 'Forum opened' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/evidence`)
      .set('Authorization', editor)
      .set('If-Match', await etag())
      .send({ evidenceId: article.body.id, stance: 'SUPPORTS' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/assessments`)
      .set('Authorization', editor)
      .set('If-Match', await etag())
      .send({ party: 'KR', score: 1, rationale: 'The forum met.' })
      .expect(201);
    await runJob(t, 'deadline-check', admin);

    const counts = await dispatchAt(START);
    expect(counts).toMatchObject({ webhooksRetrying: 0, webhooksFailed: 0 });

    expect(bodies('/status')).toEqual([
      expect.objectContaining({
        type: 'commitment.status_changed',
        data: {
          commitment: expect.objectContaining({ id: commitment.id, slug: commitment.slug }),
          fromStatus: 'NOT_STARTED',
          toStatus: 'IN_PROGRESS',
        },
      }),
    ]);
    expect(
      bodies('/evidence')
        .map((body) => body.type)
        .sort(),
    ).toEqual(['assessment.recorded', 'evidence.linked']);
    expect(bodies('/evidence').find((b) => b.type === 'evidence.linked')?.data).toMatchObject({
      commitment: { id: commitment.id },
      evidence: { id: article.body.id, stance: 'SUPPORTS' },
    });
    const reminderTypes = new Set(bodies('/reminders').map((body) => body.type));
    expect([...reminderTypes]).toEqual(['reminder.opened']);
    expect(bodies('/reminders').map((body) => body.data.commitment.id)).toContain(commitment.id);

    const secrets = { '/status': status, '/evidence': evidence, '/reminders': reminders };
    for (const [path, { secret }] of Object.entries(secrets)) {
      for (const req of receiver.at(path)) {
        expect(req.timestamp).toBe(String(seconds(START)));
        expect(receiverAccepts(req, secret, seconds(START))).toBe(true);
        expect(receiverAccepts(req, status.secret + 'x', seconds(START))).toBe(false);
      }
    }
  });

  it('a write that is refused announces nothing', async () => {
    const events = await t.prisma.webhookEvent.count();
    await request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set('Authorization', editor)
      .set('If-Match', '"v1"')
      .send({ status: 'BROKEN', note: 'Too late.' })
      .expect(412);
    expect(await t.prisma.webhookEvent.count()).toBe(events);
  });

  it('a rotated secret signs from the next delivery on; a replay is refused', async () => {
    const [endpoint] = await t.prisma.webhookEndpoint.findMany({
      where: { url: receiver.urlOf('/status') },
    });
    const old = endpoint.secret;
    const rotated = await request(t.http)
      .post(api(`/${endpoint.id}/secret`))
      .set('Authorization', admin)
      .expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(old);

    await postStatus('STALLED');
    await dispatchAt(at(1));
    const latest = receiver.at('/status').at(-1)!;
    expect(JSON.parse(latest.body).data.toStatus).toBe('STALLED');
    expect(receiverAccepts(latest, rotated.body.secret, seconds(at(1)))).toBe(true);
    expect(receiverAccepts(latest, old, seconds(at(1)))).toBe(false);
    // The same request replayed six minutes later is refused for its age alone.
    expect(receiverAccepts(latest, rotated.body.secret, seconds(at(7)))).toBe(false);
    // A replay with a fresh timestamp no longer matches its signature.
    const refreshed = { ...latest, timestamp: String(seconds(at(7))) };
    expect(receiverAccepts(refreshed, rotated.body.secret, seconds(at(7)))).toBe(false);

    const audit = await t.prisma.auditEntry.findMany({
      where: { entityId: endpoint.id, action: 'webhook.rotate-secret' },
    });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit.map((entry) => [entry.before, entry.after]))).not.toContain(
      rotated.body.secret,
    );
  });

  it('pauses an endpoint failing for WEBHOOK_PAUSE_AFTER_HOURS, tells admins, and resumes when asked', async () => {
    const down = await createEndpoint('/down', ['commitment.status_changed']);
    await postStatus('IN_PROGRESS');
    expect(await dispatchAt(at(10))).toMatchObject({ webhooksRetrying: 1 });
    expect(await dispatchAt(at(40))).toMatchObject({ webhooksRetrying: 1 });
    const failing = await request(t.http)
      .get(api(`/${down.id}`))
      .set('Authorization', admin);
    expect(failing.body).toMatchObject({ enabled: true, failingSince: at(10).toISOString() });

    expect(await dispatchAt(at(71))).toMatchObject({ webhooksRetrying: 1 });
    const paused = await request(t.http)
      .get(api(`/${down.id}`))
      .set('Authorization', admin);
    expect(paused.body).toMatchObject({
      enabled: false,
      pauseReason: 'FAILING',
      pausedAt: at(71).toISOString(),
    });
    const audit = await t.prisma.auditEntry.findMany({
      where: { entityId: down.id, action: 'webhook.pause' },
    });
    expect(audit.map((entry) => entry.actor)).toEqual(['dispatch-notifications']);
    expect(warnings.map((line) => line.msg)).toContain(
      `webhook endpoint ${down.id} paused: failing for 1 h (HTTP 500)`,
    );

    // Paused: nothing more is sent to it, and new events make no deliveries for it.
    const requestsSoFar = receiver.at('/down').length;
    await postStatus('STALLED');
    expect(await dispatchAt(at(200))).toMatchObject({ webhooksRetrying: 0 });
    expect(receiver.at('/down')).toHaveLength(requestsSoFar);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: down.id } })).toBe(1);

    const resumed = await request(t.http)
      .patch(api(`/${down.id}`))
      .set('Authorization', admin)
      .send({ enabled: true })
      .expect(200);
    expect(resumed.body).toMatchObject({ enabled: true, pauseReason: null, failingSince: null });
  });

  it('an admin pause stops new deliveries', async () => {
    const quiet = await createEndpoint('/quiet', ['commitment.status_changed']);
    const paused = await request(t.http)
      .patch(api(`/${quiet.id}`))
      .set('Authorization', admin)
      .send({ enabled: false })
      .expect(200);
    expect(paused.body).toMatchObject({ enabled: false, pauseReason: 'ADMIN' });
    await postStatus('IN_PROGRESS');
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: quiet.id } })).toBe(0);
  });

  it('sends a test event now, and pages the delivery history newest first', async () => {
    const probe = await createEndpoint('/probe', ['evidence.linked']);
    for (const minutes of [300, 301]) {
      setNow(t, at(minutes).toISOString());
      const sent = await request(t.http)
        .post(api(`/${probe.id}/test`))
        .set('Authorization', admin)
        .expect(200);
      expect(sent.body).toMatchObject({
        eventType: 'webhook.test',
        state: 'DELIVERED',
        attemptCount: 1,
        lastHttpStatus: 200,
      });
    }
    const req = receiver.at('/probe')[0];
    expect(JSON.parse(req.body)).toMatchObject({ type: 'webhook.test' });
    expect(receiverAccepts(req, probe.secret, seconds(at(300)))).toBe(true);

    const history = api(`/${probe.id}/deliveries`);
    const first = await request(t.http).get(`${history}?limit=1`).set('Authorization', admin);
    expect(first.body.data.map((d: { createdAt: string }) => d.createdAt)).toEqual([
      at(301).toISOString(),
    ]);
    const second = await request(t.http)
      .get(`${history}?limit=1&cursor=${first.body.page.nextCursor}`)
      .set('Authorization', admin);
    expect(second.body.data.map((d: { createdAt: string }) => d.createdAt)).toEqual([
      at(300).toISOString(),
    ]);
    expect(second.body.page.nextCursor).toBeNull();
    expectProblem(
      await request(t.http).get(`${history}?cursor=bogus`).set('Authorization', admin),
      400,
    );
  });

  it('never follows a redirect, here to a loopback address', async () => {
    const moved = await createEndpoint('/moved', ['evidence.linked']);
    const sent = await request(t.http)
      .post(api(`/${moved.id}/test`))
      .set('Authorization', admin)
      .expect(200);
    expect(sent.body).toMatchObject({
      state: 'PENDING',
      lastHttpStatus: 302,
      lastError: 'HTTP 302',
    });
    expect(receiver.at('/moved')).toHaveLength(1);
    expect(receiver.at('/internal')).toHaveLength(0);
  });
});
