import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, traces } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('staff API: status updates and reviews', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Park');
  });
  afterAll(() => t.close());

  const postUpdate = (id: string, etag: string | undefined, body: object) => {
    const req = request(t.http)
      .post(`/api/v1/commitments/${id}/updates`)
      .set('Authorization', editor);
    return (etag ? req.set('If-Match', etag) : req).send(body);
  };

  async function evidenceId(url: string): Promise<string> {
    const response = await request(t.http)
      .post('/api/v1/evidence')
      .set('Authorization', editor)
      .send({ url, title: 'An article' })
      .expect(201);
    return response.body.id;
  }

  describe('POST /api/v1/commitments/{id}/updates', () => {
    it('writes the timeline entry, status, progress, version, review time and clears staleness in one go', async () => {
      const created = await createCommitment(t, editor);
      await t.prisma.commitment.update({
        where: { id: created.id },
        data: { staleSince: new Date('2022-01-01') },
      });
      await t.prisma.reminder.createMany({
        data: [
          { commitmentId: created.id, kind: 'REVIEW_DUE', dueAt: new Date() },
          { commitmentId: created.id, kind: 'DEADLINE_PASSED', dueAt: new Date() },
        ],
      });
      const proof = await evidenceId('https://example.org/forum-opened');
      const response = await postUpdate(created.id, created.etag, {
        status: 'IN_PROGRESS',
        note: 'The forum met once.',
        progress: 40,
        effectiveOn: '2022-03-01',
        evidenceIds: [proof],
      }).expect(201);
      expect(response.headers.etag).toBe('"v2"');
      expect(response.body).toMatchObject({
        fromStatus: 'NOT_STARTED',
        toStatus: 'IN_PROGRESS',
        progress: 40,
        note: 'The forum met once.',
        effectiveOn: '2022-03-01',
        actor: 'Editor Park',
        evidenceIds: [proof],
        commitmentVersion: 2,
      });
      const detail = await request(t.http).get(`/api/v1/commitments/${created.id}`).expect(200);
      expect(detail.body).toMatchObject({
        status: 'IN_PROGRESS',
        progress: 40,
        stale: false,
        staleSince: null,
        version: 2,
        updatesCount: 1,
      });
      expect(detail.body.lastReviewedAt).toBe(response.body.recordedAt);
      const reminders = await t.prisma.reminder.findMany({
        where: { commitmentId: created.id },
        orderBy: { kind: 'asc' },
      });
      expect(reminders.map((r) => [r.kind, r.state])).toEqual([
        ['REVIEW_DUE', 'CANCELLED'],
        ['DEADLINE_PASSED', 'OPEN'],
      ]);
      const linked = await t.prisma.statusUpdateEvidence.count({
        where: { statusUpdateId: response.body.id },
      });
      expect(linked).toBe(1);
      const audit = await t.prisma.auditEntry.findMany({
        where: { entityId: created.id, action: 'commitment.status-update' },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0].before).toMatchObject({ status: 'NOT_STARTED', version: 1 });
      expect(audit[0].after).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    });

    it('cancels every open reminder when the commitment becomes terminal', async () => {
      const created = await createCommitment(t, editor);
      await t.prisma.reminder.createMany({
        data: [
          { commitmentId: created.id, kind: 'DEADLINE_APPROACHING', dueAt: new Date() },
          { commitmentId: created.id, kind: 'CUSTOM', dueAt: new Date() },
        ],
      });
      await postUpdate(created.id, created.etag, { status: 'FULFILLED', note: 'Done.' }).expect(
        201,
      );
      const open = await t.prisma.reminder.count({
        where: { commitmentId: created.id, state: 'OPEN' },
      });
      expect(open).toBe(0);
    });

    it('lets a terminal status be left only with a note saying why', async () => {
      const created = await createCommitment(t, editor);
      const broken = await postUpdate(created.id, created.etag, {
        status: 'BROKEN',
        note: 'Talks cancelled.',
      }).expect(201);
      for (const note of [undefined, '', '   ']) {
        const response = await postUpdate(created.id, broken.headers.etag, {
          status: 'IN_PROGRESS',
          ...(note !== undefined && { note }),
        });
        expectProblem(response, 400);
        expect(response.body.detail).toContain('note');
      }
      await postUpdate(created.id, broken.headers.etag, {
        status: 'IN_PROGRESS',
        note: 'Talks resumed after all.',
      }).expect(201);
    });

    it.each([
      [{ status: 'DONE', note: 'x' }, 'status'],
      [{ status: 'IN_PROGRESS', note: 'x', progress: 101 }, 'progress'],
      [{ status: 'IN_PROGRESS', note: 'x', effectiveOn: tomorrow() }, 'future'],
      [{ status: 'IN_PROGRESS', note: 'x', effectiveOn: '2021-12-22' }, 'before the pledge'],
      [{ status: 'IN_PROGRESS', note: 'x', version: 5 }, 'version'],
      [{ status: 'IN_PROGRESS', note: 'x', stale: false }, 'stale'],
      [{ status: 'IN_PROGRESS', note: 'x', recordedAt: '2022-01-01T00:00:00Z' }, 'recordedAt'],
      [
        { status: 'IN_PROGRESS', note: 'x', evidenceIds: ['00000000-0000-4000-8000-000000000000'] },
        'unknown evidence',
      ],
    ])('refuses %j with a 400 and leaves no trace', async (body, text) => {
      const created = await createCommitment(t, editor);
      const response = await postUpdate(created.id, created.etag, body);
      expectProblem(response, 400);
      expect(response.body.detail).toContain(text);
      expect(await traces(t, created.id)).toEqual({ updates: 0, reviews: 0, audit: 1, version: 1 });
    });

    it('answers 428, 412 and 404 as problems and leaves no trace', async () => {
      const created = await createCommitment(t, editor);
      const body = { status: 'STALLED', note: 'Nothing heard.' };
      expectProblem(await postUpdate(created.id, undefined, body), 428);
      expectProblem(await postUpdate(created.id, '"v2"', body), 412);
      expectProblem(await postUpdate('00000000-0000-4000-8000-000000000000', '"v1"', body), 404);
      expect(await traces(t, created.id)).toEqual({ updates: 0, reviews: 0, audit: 1, version: 1 });
    });

    it('lets exactly one of 20 concurrent updates with the same ETag win; the rest get 412', async () => {
      const created = await createCommitment(t, editor);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postUpdate(created.id, created.etag, { status: 'IN_PROGRESS', note: `attempt ${i}` }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(412)]);
      for (const r of responses.filter((r) => r.status === 412)) expectProblem(r, 412);
      expect(await traces(t, created.id)).toEqual({ updates: 1, reviews: 0, audit: 2, version: 2 });
    });
  });

  describe('POST /api/v1/commitments/{id}/reviews', () => {
    it('records a review, resets staleness, keeps the status and cancels REVIEW_DUE reminders', async () => {
      const created = await createCommitment(t, editor);
      await t.prisma.commitment.update({
        where: { id: created.id },
        data: { staleSince: new Date() },
      });
      await t.prisma.reminder.create({
        data: { commitmentId: created.id, kind: 'REVIEW_DUE', dueAt: new Date() },
      });
      const response = await request(t.http)
        .post(`/api/v1/commitments/${created.id}/reviews`)
        .set('Authorization', editor)
        .set('If-Match', created.etag)
        .send({ note: 'Checked: nothing new.' })
        .expect(201);
      expect(response.headers.etag).toBe('"v2"');
      expect(response.body).toMatchObject({ note: 'Checked: nothing new.', actor: 'Editor Park' });
      const commitment = await t.prisma.commitment.findUniqueOrThrow({ where: { id: created.id } });
      expect(commitment).toMatchObject({ status: 'NOT_STARTED', staleSince: null, version: 2 });
      expect(commitment.lastReviewedAt?.toISOString()).toBe(response.body.reviewedAt);
      const reminder = await t.prisma.reminder.findFirstOrThrow({
        where: { commitmentId: created.id },
      });
      expect(reminder.state).toBe('CANCELLED');
      expect(await traces(t, created.id)).toEqual({ updates: 0, reviews: 1, audit: 2, version: 2 });
    });

    it('refuses a review without a note, with a stale ETag or without one', async () => {
      const created = await createCommitment(t, editor);
      const url = `/api/v1/commitments/${created.id}/reviews`;
      const noNote = await request(t.http)
        .post(url)
        .set('Authorization', editor)
        .set('If-Match', created.etag)
        .send({});
      expectProblem(noNote, 400);
      const stale = await request(t.http)
        .post(url)
        .set('Authorization', editor)
        .set('If-Match', '"v7"')
        .send({ note: 'x' });
      expectProblem(stale, 412);
      const missing = await request(t.http)
        .post(url)
        .set('Authorization', editor)
        .send({ note: 'x' });
      expectProblem(missing, 428);
      expect(await traces(t, created.id)).toEqual({ updates: 0, reviews: 0, audit: 1, version: 1 });
    });
  });
});
