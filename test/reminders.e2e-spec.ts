import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import pg from 'pg';
import request from 'supertest';
import type { ReminderDto } from '../src/reminders/dto/reminder.dto.js';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { itOnPostgresServer, JOIN, withPlansShown } from './support/trigger-plans.js';

const SLUG = 'climate-change-cooperation';

describe('staff reminders', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Reminder editor');
    setNow(t, '2022-04-01T00:00:00.000Z');
    await runJob(t, 'stale-check', await bearer(t, 'admin'));
  });
  afterAll(() => t.close());

  const list = (query: string) =>
    request(t.http).get(`/api/v1/reminders${query}`).set('Authorization', editor);
  const auditCount = () => t.prisma.auditEntry.count({ where: { entityType: 'reminder' } });

  describe('GET /reminders', () => {
    it('needs a staff key', async () => {
      await request(t.http).get('/api/v1/reminders').expect(401);
    });

    it('filters by kind, state, commitment slug or id, and due range', async () => {
      expect((await list('?kind=REVIEW_DUE&state=OPEN').expect(200)).body.data).toHaveLength(9);
      expect((await list('?state=DONE').expect(200)).body.data).toHaveLength(0);
      const bySlug = (await list(`?commitment=${SLUG}`).expect(200)).body.data as ReminderDto[];
      expect(bySlug).toHaveLength(1);
      expect(bySlug[0]).toMatchObject({ kind: 'REVIEW_DUE', commitment: { slug: SLUG } });
      const byId = await list(`?commitment=${bySlug[0].commitment.id}`).expect(200);
      expect(byId.body.data).toEqual(bySlug);
      const due = '2022-03-23T00:00:00.000Z';
      expect((await list(`?dueFrom=${due}`).expect(200)).body.data).toHaveLength(9);
      expect((await list(`?dueBefore=${due}`).expect(200)).body.data).toHaveLength(0);
    });

    it('pages through every reminder once', async () => {
      const ids: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: request.Response = await list(
          `?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        ids.push(...page.body.data.map((r: ReminderDto) => r.id));
        cursor = page.body.page.nextCursor;
      }
      expect(ids).toHaveLength(9);
      expect(new Set(ids).size).toBe(9);
    });

    it('rejects unknown filters and values with 400', async () => {
      await list('?kind=BIRTHDAY').expect(400);
      await list('?dueFrom=yesterday').expect(400);
      await list('?colour=red').expect(400);
    });
  });

  describe('PATCH /reminders/{id}', () => {
    let reminder: ReminderDto;
    beforeAll(async () => {
      [reminder] = (await list(`?commitment=${SLUG}`)).body.data;
    });
    const patch = (id: string, body: object) =>
      request(t.http).patch(`/api/v1/reminders/${id}`).set('Authorization', editor).send(body);

    it('snoozes to a new due time, re-queues its notification, and is audited', async () => {
      const audits = await auditCount();
      const snoozed = await patch(reminder.id, {
        dueAt: '2022-05-01T09:00:00.000Z',
        note: 'after the ministerial',
      }).expect(200);
      expect(snoozed.body).toMatchObject({
        state: 'OPEN',
        dueAt: '2022-05-01T09:00:00.000Z',
        note: 'after the ministerial',
      });
      const notifications = await t.prisma.notification.findMany({
        where: { reminderId: reminder.id },
      });
      expect(notifications.map((n) => n.nextAttemptAt.toISOString())).toEqual([
        '2022-05-01T09:00:00.000Z',
      ]);
      const entry = await t.prisma.auditEntry.findFirstOrThrow({
        where: { entityId: reminder.id },
        orderBy: { id: 'desc' },
      });
      expect(entry).toMatchObject({ action: 'reminder.update', actor: 'Reminder editor' });
      expect(await auditCount()).toBe(audits + 1);
    });

    it('refuses to close a review reminder, pointing at the review that closes it', async () => {
      const audits = await auditCount();
      for (const state of ['DONE', 'CANCELLED']) {
        const refused = await patch(reminder.id, { state }).expect(409);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.body.review).toBe(`/api/v1/commitments/${SLUG}/reviews`);
      }
      expect(
        await t.prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } }),
      ).toMatchObject({ state: 'OPEN' });
      expect(await auditCount()).toBe(audits);
    });

    it('is closed by a review, after which it cannot be closed or snoozed again (409)', async () => {
      const { body: commitment, headers } = await request(t.http)
        .get(`/api/v1/commitments/${SLUG}`)
        .expect(200);
      expect(commitment.stale).toBe(true);
      await request(t.http)
        .post(`/api/v1/commitments/${SLUG}/reviews`)
        .set('Authorization', editor)
        .set('If-Match', headers.etag)
        .send({ note: 'Checked the ministry site: nothing new.' })
        .expect(201);
      const [closed] = (await list(`?commitment=${SLUG}&kind=REVIEW_DUE`)).body.data;
      expect(closed).toMatchObject({ id: reminder.id, state: 'CANCELLED' });
      const audits = await auditCount();
      await patch(reminder.id, { state: 'CANCELLED' }).expect(409);
      await patch(reminder.id, { dueAt: '2022-06-01T00:00:00.000Z' }).expect(409);
      expect(await auditCount()).toBe(audits);
    });

    it('marks a custom reminder done', async () => {
      const other = await t.prisma.commitment.findFirstOrThrow({ where: { slug: { not: SLUG } } });
      const custom = await request(t.http)
        .post(`/api/v1/commitments/${other.slug}/reminders`)
        .set('Authorization', editor)
        .send({ dueAt: '2022-04-10T00:00:00.000Z' })
        .expect(201);
      const done = await patch(custom.body.id, { state: 'DONE' }).expect(200);
      expect(done.body).toMatchObject({ state: 'DONE', closedAt: '2022-04-01T00:00:00.000Z' });
    });

    it('answers 400 for bad input, 404 for an unknown reminder, 401 without a key', async () => {
      await patch(reminder.id, {}).expect(400);
      await patch(reminder.id, { state: 'OPEN' }).expect(400);
      await patch(reminder.id, { dueAt: 'soon' }).expect(400);
      await patch(reminder.id, { colour: 'red' }).expect(400);
      const malformed = await patch('not-a-uuid', { state: 'DONE' }).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', messages: ['must be an id (UUID)'] }]);
      await patch('00000000-0000-4000-8000-000000000000', { state: 'DONE' }).expect(404);
      await request(t.http)
        .patch(`/api/v1/reminders/${reminder.id}`)
        .send({ state: 'DONE' })
        .expect(401);
    });
  });

  describe('POST /commitments/{id}/reminders', () => {
    const create = (idOrSlug: string, body: object | unknown[]) =>
      request(t.http)
        .post(`/api/v1/commitments/${idOrSlug}/reminders`)
        .set('Authorization', editor)
        .send(body);

    it('creates a custom reminder with its notification, due when asked', async () => {
      const created = await create(SLUG, {
        dueAt: '2022-04-15T08:00:00.000Z',
        note: 'call the ministry',
      }).expect(201);
      expect(created.body).toMatchObject({
        kind: 'CUSTOM',
        state: 'OPEN',
        dueAt: '2022-04-15T08:00:00.000Z',
        note: 'call the ministry',
        commitment: { slug: SLUG },
      });
      const notification = await t.prisma.notification.findFirstOrThrow({
        where: { reminderId: created.body.id },
      });
      expect(notification.nextAttemptAt.toISOString()).toBe('2022-04-15T08:00:00.000Z');
      expect(
        await t.prisma.auditEntry.count({
          where: { entityId: created.body.id, action: 'reminder.create' },
        }),
      ).toBe(1);
    });

    it('refuses a second open custom reminder with 409, leaving no trace', async () => {
      const [before, audits] = [await t.prisma.reminder.count(), await auditCount()];
      const conflict = await create(SLUG, { dueAt: '2022-05-01T00:00:00.000Z' }).expect(409);
      expect(conflict.body.existingId).toEqual(expect.any(String));
      expect(await t.prisma.reminder.count()).toBe(before);
      expect(await auditCount()).toBe(audits);
    });

    it('refuses terminal (409), unknown or archived commitments (404) and bad bodies (400)', async () => {
      const [terminal, archived] = await t.prisma.commitment.findMany({
        where: { slug: { not: SLUG } },
        take: 2,
      });
      await t.prisma.commitment.update({ where: { id: terminal.id }, data: { status: 'BROKEN' } });
      await t.prisma.commitment.update({ where: { id: archived.id }, data: { archived: true } });
      await create(terminal.id, { dueAt: '2022-05-01T00:00:00.000Z' }).expect(409);
      await create(archived.slug, { dueAt: '2022-05-01T00:00:00.000Z' }).expect(404);
      await create('no-such-pledge', { dueAt: '2022-05-01T00:00:00.000Z' }).expect(404);
      const malformed = await create('Not_A_Slug', { dueAt: '2022-05-01T00:00:00.000Z' }).expect(
        400,
      );
      expect(malformed.body.errors).toEqual([
        { field: 'idOrSlug', messages: ['must be an id (UUID) or a slug'] },
      ]);
      await create(SLUG, {}).expect(400);
      await create(SLUG, ['not', 'an', 'object']).expect(400);
      const deeplyNested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      await request(t.http)
        .post(`/api/v1/commitments/${SLUG}/reminders`)
        .set('Authorization', editor)
        .set('content-type', 'application/json')
        .send(deeplyNested)
        .expect(400);
      await create(SLUG, { dueAt: '2022-05-01T00:00:00.000Z', kind: 'REVIEW_DUE' }).expect(400);
    });
  });

  it('documents every reminder and job route in OpenAPI', async () => {
    const { paths } = (await request(t.http).get('/api/openapi.json').expect(200)).body;
    expect(paths['/api/v1/reminders'].get.responses['200']).toBeDefined();
    expect(paths['/api/v1/reminders/{id}'].patch.responses['200']).toBeDefined();
    expect(paths['/api/v1/commitments/{idOrSlug}/reminders'].post.responses['201']).toBeDefined();
    expect(paths['/api/v1/reminders.ics'].get.responses['200']).toBeDefined();
    expect(paths['/api/v1/reminders/calendar-token'].post.responses['201']).toBeDefined();
    expect(paths['/api/v1/jobs/runs'].get.responses['200']).toBeDefined();
    expect(paths['/api/v1/jobs/{name}/run'].post.responses['409']).toBeDefined();
  });

  describe('GET /reminders.ics', () => {
    const parseEvents = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');

    it('lists the open reminders as iCalendar events for a staff key', async () => {
      const response = await request(t.http)
        .get('/api/v1/reminders.ics')
        .set('Authorization', editor)
        .expect(200);
      expect(response.headers['content-type']).toContain('text/calendar');
      const open = await t.prisma.reminder.findMany({
        where: { state: 'OPEN', commitment: { archived: false } },
      });
      const events = parseEvents(response.text);
      expect(events).toHaveLength(open.length);
      const custom = open.find((r) => r.kind === 'CUSTOM')!;
      const event = events.find(
        (e) => e.getFirstPropertyValue('uid') === `${custom.id}@commitment-tracker`,
      )!;
      expect(String(event.getFirstPropertyValue('summary'))).toMatch(/^Reminder: /);
      expect(event.getFirstPropertyValue('dtstart')?.toString()).toBe('2022-04-15T08:00:00Z');
      expect(event.getFirstPropertyValue('description')).toBe('call the ministry');
    });

    it('accepts the key’s calendar token in the query, until the key is revoked', async () => {
      await request(t.http).get('/api/v1/reminders.ics').expect(401);
      await request(t.http).get('/api/v1/reminders.ics?token=cal_forged').expect(401);
      const issued = await request(t.http)
        .post('/api/v1/reminders/calendar-token')
        .set('Authorization', editor)
        .expect(201);
      const url = new URL(issued.body.url);
      expect(url.pathname).toBe('/api/v1/reminders.ics');
      const feed = await request(t.http).get(`${url.pathname}${url.search}`).expect(200);
      expect(parseEvents(feed.text).length).toBeGreaterThan(0);
      await t.prisma.apiKey.updateMany({
        where: { name: 'Reminder editor' },
        data: { revokedAt: new Date() },
      });
      await request(t.http).get(`${url.pathname}${url.search}`).expect(401);
    });
  });

  // PL/pgSQL keeps the plan a statement got at its first run in the session: a plan that joined
  // the open reminders with a large UPDATE's rows could read those rows once per open reminder.
  itOnPostgresServer(
    'are cancelled by any statement closing their commitments, looked up by id, joining nothing',
    async () => {
      const openOf = (client: pg.Client) =>
        client.query<{ kept: boolean; open: number }>(
          `SELECT c.slug = $1 AS kept, count(*)::int AS open
           FROM reminder r JOIN commitment c ON c.id = r.commitment_id
           WHERE r.state = 'OPEN' GROUP BY 1 ORDER BY 1`,
          [SLUG],
        );
      const { plans, result } = await withPlansShown(t.database.url, async (client) => {
        const before = (await openOf(client)).rows;
        await client.query('UPDATE commitment SET version = version + 1 WHERE false');
        await client.query(
          `UPDATE commitment SET version = version + 1
           WHERE NOT archived AND status NOT IN ('FULFILLED', 'BROKEN')`,
        );
        await client.query('UPDATE commitment SET archived = true WHERE slug <> $1', [SLUG]);
        return { before, after: (await openOf(client)).rows };
      });
      expect(result.before.map((row) => row.kept)).toEqual([false, true]);
      expect(result.after).toEqual([result.before[1]]);
      // Only the statement that closed commitments looked for their reminders.
      const cancelling = plans.filter((plan) => plan.includes('UPDATE "reminder"'));
      expect(cancelling).toHaveLength(1);
      expect(cancelling[0]).not.toMatch(/Tuplestore/);
      expect(cancelling[0]).not.toMatch(JOIN);
    },
  );
});
