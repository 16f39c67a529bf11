import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, traces } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('staff API: evidence', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Choi');
  });
  afterAll(() => t.close());

  const postEvidence = (body: object) =>
    request(t.http).post('/api/v1/evidence').set('Authorization', editor).send(body);

  describe('POST /api/v1/evidence', () => {
    it('stores the normalized URL and audits the creation', async () => {
      const response = await postEvidence({
        url: 'HTTPS://News.Example.COM:443/a/story/?utm_source=x&b=2&a=1#top',
        title: 'Forum opens',
        publisher: 'Example News',
        publishedOn: '2022-03-01',
        language: 'en',
      }).expect(201);
      expect(response.body).toMatchObject({
        url: 'https://news.example.com/a/story?a=1&b=2',
        title: 'Forum opens',
        publishedOn: '2022-03-01',
        author: null,
      });
      const audit = await t.prisma.auditEntry.findMany({ where: { entityId: response.body.id } });
      expect(audit.map((entry) => entry.action)).toEqual(['evidence.create']);
    });

    it.each([
      'http://www.example.net/report',
      'HTTP://WWW.EXAMPLE.NET:80/report/',
      'http://www.example.net/report#section-2',
      'http://www.example.net/report?utm_medium=email&fbclid=abc',
    ])('answers 409 with the existing id for %s, a spelling of a known URL', async (spelling) => {
      const first = await postEvidence({ url: 'http://www.example.net/report', title: 'R' });
      const existingId =
        first.status === 201 ? first.body.id : (first.body.existingId as string | undefined);
      expect(existingId).toEqual(expect.any(String));
      const again = await postEvidence({ url: spelling, title: 'Again' });
      expectProblem(again, 409);
      expect(again.body.existingId).toBe(existingId);
      expect(
        await t.prisma.evidence.count({ where: { url: 'http://www.example.net/report' } }),
      ).toBe(1);
    });

    it.each([
      [{ url: 'not a url', title: 'x' }, 'url'],
      [{ url: 'ftp://example.org/file', title: 'x' }, 'url'],
      [{ url: 'https://example.org/x' }, 'title'],
      [{ url: 'https://example.org/x', title: 'x', publishedOn: '2022-13-01' }, 'publishedOn'],
      [{ url: 'https://example.org/x', title: 'x', id: 'mine' }, 'id'],
    ])('refuses %j with a 400', async (body, field) => {
      const response = await postEvidence(body);
      expectProblem(response, 400);
      expect(response.body.detail).toContain(field);
    });

    it('needs an API key', async () => {
      expectProblem(await request(t.http).post('/api/v1/evidence').send({}), 401);
    });
  });

  describe('PATCH /api/v1/evidence/{id}', () => {
    it('edits, normalizes a new URL and moves the version of linked commitments', async () => {
      const evidence = await postEvidence({ url: 'https://example.org/edit-me', title: 'Old' });
      const commitment = await createCommitment(t, editor);
      await request(t.http)
        .post(`/api/v1/commitments/${commitment.id}/evidence`)
        .set('Authorization', editor)
        .set('If-Match', commitment.etag)
        .send({ evidenceId: evidence.body.id, stance: 'SUPPORTS' })
        .expect(201);
      const response = await request(t.http)
        .patch(`/api/v1/evidence/${evidence.body.id}`)
        .set('Authorization', editor)
        .send({ title: 'New', url: 'https://EXAMPLE.org/edited/', excerpt: null })
        .expect(200);
      expect(response.body).toMatchObject({ title: 'New', url: 'https://example.org/edited' });
      expect((await traces(t, commitment.id)).version).toBe(3);
      const audit = await t.prisma.auditEntry.findFirstOrThrow({
        where: { entityId: evidence.body.id, action: 'evidence.update' },
      });
      expect(audit.before).toMatchObject({ title: 'Old' });
      expect(audit.after).toMatchObject({ title: 'New' });
    });

    it('answers 409 with the existing id when the new URL is taken, 404 and 400 otherwise', async () => {
      const taken = await postEvidence({ url: 'https://example.org/taken', title: 'T' });
      const other = await postEvidence({ url: 'https://example.org/other', title: 'O' });
      const conflict = await request(t.http)
        .patch(`/api/v1/evidence/${other.body.id}`)
        .set('Authorization', editor)
        .send({ url: 'https://example.org/taken?utm_campaign=z' });
      expectProblem(conflict, 409);
      expect(conflict.body.existingId).toBe(taken.body.id);
      const missing = await request(t.http)
        .patch('/api/v1/evidence/00000000-0000-4000-8000-000000000000')
        .set('Authorization', editor)
        .send({ title: 'x' });
      expectProblem(missing, 404);
      const nullTitle = await request(t.http)
        .patch(`/api/v1/evidence/${other.body.id}`)
        .set('Authorization', editor)
        .send({ title: null });
      expectProblem(nullTitle, 400);
    });
  });

  describe('linking evidence to commitments', () => {
    it('links with a stance under If-Match, refuses a second link, and unlinks', async () => {
      const evidence = await postEvidence({ url: 'https://example.org/link', title: 'L' });
      const commitment = await createCommitment(t, editor);
      const url = `/api/v1/commitments/${commitment.id}/evidence`;
      const linked = await request(t.http)
        .post(url)
        .set('Authorization', editor)
        .set('If-Match', commitment.etag)
        .send({ evidenceId: evidence.body.id, stance: 'CONTRADICTS', note: 'Denied by officials' })
        .expect(201);
      expect(linked.headers.etag).toBe('"v2"');
      expect(linked.body).toMatchObject({ stance: 'CONTRADICTS', note: 'Denied by officials' });
      const detail = await request(t.http).get(`/api/v1/commitments/${commitment.id}`);
      expect(detail.body.evidenceCount).toBe(1);

      const twice = await request(t.http)
        .post(url)
        .set('Authorization', editor)
        .set('If-Match', '"v2"')
        .send({ evidenceId: evidence.body.id, stance: 'SUPPORTS' });
      expectProblem(twice, 409);

      const unlinked = await request(t.http)
        .delete(`${url}/${evidence.body.id}`)
        .set('Authorization', editor)
        .set('If-Match', '"v2"')
        .expect(204);
      expect(unlinked.headers.etag).toBe('"v3"');
      expect(await traces(t, commitment.id)).toMatchObject({ audit: 3, version: 3 });
      const notLinked = await request(t.http)
        .delete(`${url}/${evidence.body.id}`)
        .set('Authorization', editor)
        .set('If-Match', '"v3"');
      expectProblem(notLinked, 404);
      expect(await traces(t, commitment.id)).toMatchObject({ audit: 3, version: 3 });
    });

    it('refuses unknown evidence, a bad stance, a stale or missing If-Match', async () => {
      const evidence = await postEvidence({ url: 'https://example.org/refused', title: 'R' });
      const commitment = await createCommitment(t, editor);
      const url = `/api/v1/commitments/${commitment.id}/evidence`;
      const send = (etag: string | null, body: object) => {
        const req = request(t.http).post(url).set('Authorization', editor);
        return (etag ? req.set('If-Match', etag) : req).send(body);
      };
      const good = { evidenceId: evidence.body.id, stance: 'CONTEXT' };
      const unknown = await send(commitment.etag, {
        ...good,
        evidenceId: '00000000-0000-4000-8000-000000000000',
      });
      expectProblem(unknown, 400);
      expectProblem(await send(commitment.etag, { ...good, stance: 'MAYBE' }), 400);
      expectProblem(await send('"v5"', good), 412);
      expectProblem(await send(null, good), 428);
      expect(await traces(t, commitment.id)).toMatchObject({ audit: 1, version: 1 });
    });
  });
});
