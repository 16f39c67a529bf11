import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, SEEDED_EVENT, traces } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('staff API: commitments', () => {
  let t: TestApp;
  let editor: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Kim');
    admin = await bearer(t, 'admin', 'Admin Lee');
  });
  afterAll(() => t.close());

  describe('POST /api/v1/commitments', () => {
    it('creates a commitment with a slug derived from the title, an ETag and its audit entry', async () => {
      const response = await request(t.http)
        .post('/api/v1/commitments')
        .set('Authorization', editor)
        .send({
          title: 'Launch a Café dialogue on batteries',
          summary: 'Twice a year.',
          event: SEEDED_EVENT,
          parties: ['KR', { code: 'CN', role: 'COUNTERPART' }],
          themes: ['supply-chain-security', 'climate-environment'],
          madeOn: '2021-12-23',
          targetDate: '2022-06-30',
          reviewIntervalDays: 30,
        })
        .expect(201);
      expect(response.headers.etag).toBe('"v1"');
      expect(response.body).toMatchObject({
        slug: 'launch-a-cafe-dialogue-on-batteries',
        status: 'NOT_STARTED',
        version: 1,
        stale: false,
        targetDate: '2022-06-30',
        reviewIntervalDays: 30,
        event: { slug: SEEDED_EVENT },
      });
      expect(response.body.parties).toEqual([
        expect.objectContaining({ code: 'KR', role: 'PLEDGING' }),
        expect.objectContaining({ code: 'CN', role: 'COUNTERPART' }),
      ]);
      const audit = await t.prisma.auditEntry.findMany({ where: { entityId: response.body.id } });
      expect(audit).toEqual([
        expect.objectContaining({ action: 'commitment.create', actor: 'Editor Kim', before: null }),
      ]);
      await request(t.http).get(`/api/v1/commitments/${response.body.slug}`).expect(200);
    });

    it('numbers a derived slug that is already taken', async () => {
      const first = await createCommitment(t, editor, { title: 'Same title' });
      const second = await createCommitment(t, editor, { title: 'Same title' });
      expect(first.slug).toBe('same-title');
      expect(second.slug).toBe('same-title-2');
    });

    it('refuses an explicit slug that is taken with 409', async () => {
      const response = await request(t.http)
        .post('/api/v1/commitments')
        .set('Authorization', editor)
        .send({
          title: 'x',
          slug: 'mature-partnership-30th-anniversary',
          event: SEEDED_EVENT,
          parties: ['KR'],
          themes: [],
          madeOn: '2021-12-23',
        });
      expectProblem(response, 409);
    });

    it.each([
      [{ status: 'FULFILLED' }, 'status'],
      [{ version: 7 }, 'version'],
      [{ stale: true }, 'stale'],
      [{ createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
      [{ madeOn: '2021-02-30' }, 'madeOn'],
      [{ parties: [] }, 'parties'],
      [{ parties: [{ code: 'KR', role: 'BOSS' }] }, 'parties.0.role'],
      [{ title: '' }, 'title'],
      [{ targetDate: '2021-01-01' }, 'targetDate'],
      [{ event: 'no-such-event' }, 'event'],
      [{ parties: ['KR', 'XX'] }, 'XX'],
      [{ themes: ['no-such-theme'] }, 'no-such-theme'],
    ])('refuses %j with a 400 naming it', async (change, field) => {
      const response = await request(t.http)
        .post('/api/v1/commitments')
        .set('Authorization', editor)
        .send({
          title: 'Refused',
          event: SEEDED_EVENT,
          parties: ['KR'],
          themes: [],
          madeOn: '2021-12-23',
          ...change,
        });
      expectProblem(response, 400);
      expect(response.body.detail).toContain(field);
      expect(await t.prisma.commitment.count({ where: { title: 'Refused' } })).toBe(0);
    });

    it('needs a valid API key', async () => {
      expectProblem(await request(t.http).post('/api/v1/commitments').send({}), 401);
      const unknown = await request(t.http)
        .post('/api/v1/commitments')
        .set('Authorization', 'Bearer ct_nope')
        .send({});
      expectProblem(unknown, 401);
    });
  });

  describe('PATCH /api/v1/commitments/{id}', () => {
    it('edits with the current ETag, returns the next one and audits before and after', async () => {
      const created = await createCommitment(t, editor, { title: 'To be edited' });
      const response = await request(t.http)
        .patch(`/api/v1/commitments/${created.id}`)
        .set('Authorization', editor)
        .set('If-Match', created.etag)
        .send({ summary: 'Now with a summary', themes: ['culture-exchange'], parties: ['CN'] })
        .expect(200);
      expect(response.headers.etag).toBe('"v2"');
      expect(response.body).toMatchObject({
        summary: 'Now with a summary',
        version: 2,
        themes: [{ slug: 'culture-exchange', name: expect.any(String) }],
        parties: [expect.objectContaining({ code: 'CN', role: 'PLEDGING' })],
      });
      const audit = await t.prisma.auditEntry.findFirstOrThrow({
        where: { entityId: created.id, action: 'commitment.update' },
      });
      expect(audit.before).toMatchObject({ summary: null, version: 1 });
      expect(audit.after).toMatchObject({ summary: 'Now with a summary', version: 2 });
    });

    it('clears an optional field with null but refuses null for a required one', async () => {
      const created = await createCommitment(t, editor, { targetDate: '2022-01-01' });
      const cleared = await request(t.http)
        .patch(`/api/v1/commitments/${created.id}`)
        .set('Authorization', editor)
        .set('If-Match', created.etag)
        .send({ targetDate: null })
        .expect(200);
      expect(cleared.body.targetDate).toBeNull();
      const refused = await request(t.http)
        .patch(`/api/v1/commitments/${created.id}`)
        .set('Authorization', editor)
        .set('If-Match', cleared.headers.etag)
        .send({ title: null });
      expectProblem(refused, 400);
    });

    it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
      const created = await createCommitment(t, editor);
      const url = `/api/v1/commitments/${created.id}`;
      const missing = await request(t.http)
        .patch(url)
        .set('Authorization', editor)
        .send({ title: 'nope' });
      expectProblem(missing, 428);
      const stale = await request(t.http)
        .patch(url)
        .set('Authorization', editor)
        .set('If-Match', '"v9"')
        .send({ title: 'nope' });
      expectProblem(stale, 412);
      const garbage = await request(t.http)
        .patch(url)
        .set('Authorization', editor)
        .set('If-Match', 'whatever')
        .send({ title: 'nope' });
      expectProblem(garbage, 412);
      expect(await traces(t, created.id)).toMatchObject({ audit: 1, version: 1 });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await request(t.http)
        .patch('/api/v1/commitments/00000000-0000-4000-8000-000000000000')
        .set('Authorization', editor)
        .set('If-Match', '"v1"')
        .send({ title: 'x' });
      expectProblem(unknown, 404);
      const malformed = await request(t.http)
        .patch('/api/v1/commitments/Not_A_Slug')
        .set('Authorization', editor)
        .set('If-Match', '"v1"')
        .send({ title: 'x' });
      expectProblem(malformed, 400);
    });
  });

  describe('DELETE /api/v1/commitments/{id} (archive)', () => {
    it('is admin-only', async () => {
      const created = await createCommitment(t, editor);
      const response = await request(t.http)
        .delete(`/api/v1/commitments/${created.id}`)
        .set('Authorization', editor)
        .set('If-Match', created.etag);
      expectProblem(response, 403);
    });

    it('archives, cancels open reminders and hides the commitment from public reads', async () => {
      const created = await createCommitment(t, editor);
      await t.prisma.reminder.create({
        data: { commitmentId: created.id, kind: 'CUSTOM', dueAt: new Date() },
      });
      await request(t.http)
        .delete(`/api/v1/commitments/${created.id}`)
        .set('Authorization', admin)
        .set('If-Match', created.etag)
        .expect(204);
      await request(t.http).get(`/api/v1/commitments/${created.id}`).expect(404);
      const reminder = await t.prisma.reminder.findFirstOrThrow({
        where: { commitmentId: created.id },
      });
      expect(reminder).toMatchObject({ state: 'CANCELLED', closedAt: expect.any(Date) });
      expect(await traces(t, created.id)).toMatchObject({ audit: 2, version: 2 });
      const again = await request(t.http)
        .delete(`/api/v1/commitments/${created.id}`)
        .set('Authorization', admin)
        .set('If-Match', '"v2"');
      expectProblem(again, 404);
    });
  });
});
