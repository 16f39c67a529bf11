import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('staff API conventions', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await bearer(t, 'admin', 'Conventions admin');
  });
  afterAll(() => t.close());

  const post = (url: string, body: object, headers: Record<string, string> = {}) =>
    request(t.http).post(url).set('Authorization', admin).set(headers).send(body);
  const newEvidence = async (url: string) =>
    (await post('/api/v1/evidence', { url, title: 'Ministry statement' }).expect(201)).body
      .id as string;

  it('accepts a commitment’s slug on every route that takes a commitment', async () => {
    const { slug } = await createCommitment(t, admin, { title: 'Addressed by slug' });
    const evidenceId = await newEvidence('https://example.org/by-slug');
    const base = `/api/v1/commitments/${slug}`;
    let etag = '"v1"';
    const write = async (call: request.Test, status: number) => {
      const response = await call.set('Authorization', admin).set('If-Match', etag);
      expect(response.status).toBe(status);
      etag = response.headers.etag ?? etag;
      return response;
    };
    await write(request(t.http).patch(base).send({ summary: 'Edited by slug.' }), 200);
    await write(
      request(t.http).post(`${base}/updates`).send({ status: 'IN_PROGRESS', note: 'Begun.' }),
      201,
    );
    await write(request(t.http).post(`${base}/reviews`).send({ note: 'Checked.' }), 201);
    await write(
      request(t.http).post(`${base}/evidence`).send({ evidenceId, stance: 'SUPPORTS' }),
      201,
    );
    await write(request(t.http).delete(`${base}/evidence/${evidenceId}`), 204);
    await post(`${base}/reminders`, { dueAt: '2030-01-01T00:00:00.000Z' }).expect(201);
    await write(request(t.http).delete(base), 204);
    expect(etag).toBe('"v6"');
    await request(t.http).get(base).expect(404);
  });

  it.each([
    ['patch', '/api/v1/commitments/Not_A_Slug', 'idOrSlug', 'must be an id (UUID) or a slug'],
    ['delete', '/api/v1/commitments/Not_A_Slug', 'idOrSlug', 'must be an id (UUID) or a slug'],
    [
      'post',
      '/api/v1/commitments/Not_A_Slug/updates',
      'idOrSlug',
      'must be an id (UUID) or a slug',
    ],
    [
      'post',
      '/api/v1/commitments/Not_A_Slug/reviews',
      'idOrSlug',
      'must be an id (UUID) or a slug',
    ],
    [
      'post',
      '/api/v1/commitments/Not_A_Slug/evidence',
      'idOrSlug',
      'must be an id (UUID) or a slug',
    ],
    [
      'post',
      '/api/v1/commitments/Not_A_Slug/reminders',
      'idOrSlug',
      'must be an id (UUID) or a slug',
    ],
    ['delete', '/api/v1/commitments/a-slug/evidence/42', 'evidenceId', 'must be an id (UUID)'],
    ['patch', '/api/v1/evidence/42', 'id', 'must be an id (UUID)'],
    ['patch', '/api/v1/reminders/42', 'id', 'must be an id (UUID)'],
    ['delete', '/api/v1/api-keys/42', 'id', 'must be an id (UUID)'],
  ] as const)(
    '%s %s: a parameter that can name nothing is a 400 naming it',
    async (method, url, field, message) => {
      const agent = request(t.http);
      const response = await agent[method](url)
        .set('Authorization', admin)
        .set('If-Match', '"v1"')
        .send({});
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field, messages: [message] }]);
      expect(response.body.detail).toBe(`${field}: ${message}`);
    },
  );

  it('answers an unknown commitment on a write with 404', async () => {
    const response = await post(
      `/api/v1/commitments/${UNKNOWN_ID}/reviews`,
      { note: 'x' },
      {
        'If-Match': '"v1"',
      },
    );
    expectProblem(response, 404);
  });

  describe('creates answer 201 with Location, and a replay repeats it with the ETag', () => {
    let commitment: { id: string; slug: string; etag: string };
    let evidenceId: string;
    beforeAll(async () => {
      commitment = await createCommitment(t, admin, { title: 'Located things' });
      evidenceId = await newEvidence('https://example.org/located');
    });

    /** Posts twice with one Idempotency-Key: both answers carry the same Location and ETag. */
    async function createdTwice(url: string, body: object, headers: Record<string, string> = {}) {
      const key = `located-${url}-${Math.random()}`;
      const first = await post(url, body, { ...headers, 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const replay = await post(url, body, { ...headers, 'Idempotency-Key': key });
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers.etag).toBe(first.headers.etag);
      return first;
    }

    it('a commitment: its address, where it can be read', async () => {
      const created = await createdTwice('/api/v1/commitments', {
        title: 'Open a hotline',
        event: SEEDED_EVENT,
        parties: ['KR'],
        themes: [],
        madeOn: '2021-12-23',
      });
      expect(created.headers.location).toBe(`/api/v1/commitments/${created.body.id}`);
      expect(created.headers.etag).toBe('"v1"');
      const read = await request(t.http).get(created.headers.location).expect(200);
      expect(read.body.slug).toBe('open-a-hotline');
    });

    it('a status update, a review and an evidence link: where they are listed', async () => {
      const at = (suffix: string) => `/api/v1/commitments/${commitment.id}${suffix}`;
      const update = await createdTwice(
        at('/updates'),
        { status: 'IN_PROGRESS', note: 'Talks began.' },
        { 'If-Match': commitment.etag },
      );
      expect(update.headers).toMatchObject({ location: at('/updates'), etag: '"v2"' });
      const timeline = await request(t.http).get(update.headers.location).expect(200);
      expect(timeline.body.data[0].id).toBe(update.body.id);
      const review = await createdTwice(
        at('/reviews'),
        { note: 'Checked.' },
        { 'If-Match': '"v2"' },
      );
      expect(review.headers).toMatchObject({ location: at('/reviews'), etag: '"v3"' });
      const reviews = await request(t.http).get(review.headers.location).expect(200);
      expect(reviews.body.data[0].id).toBe(review.body.id);
      const link = await createdTwice(
        at('/evidence'),
        { evidenceId, stance: 'SUPPORTS' },
        { 'If-Match': '"v3"' },
      );
      expect(link.headers).toMatchObject({ location: at(`/evidence/${evidenceId}`), etag: '"v4"' });
    });

    it('evidence, a reminder and an API key: the address their changes go to', async () => {
      const evidence = await createdTwice('/api/v1/evidence', {
        url: 'https://example.org/located-2',
        title: 'Joint statement',
      });
      expect(evidence.headers.location).toBe(`/api/v1/evidence/${evidence.body.id}`);
      const reminder = await createdTwice(`/api/v1/commitments/${commitment.slug}/reminders`, {
        dueAt: '2030-01-01T00:00:00.000Z',
      });
      expect(reminder.headers.location).toBe(`/api/v1/reminders/${reminder.body.id}`);
      const key = await createdTwice('/api/v1/api-keys', { name: 'Located key', role: 'editor' });
      expect(key.headers.location).toBe(`/api/v1/api-keys/${key.body.id}`);
    });

    it('an event, a party and a theme: their address by key', async () => {
      const event = await createdTwice('/api/v1/events', {
        slug: 'located-summit',
        title: 'Located summit',
        heldOn: '2022-01-01',
      });
      expect(event.headers.location).toBe('/api/v1/events/located-summit');
      await request(t.http).get(event.headers.location).expect(200);
      const party = await createdTwice('/api/v1/parties', { code: 'LOC', name: 'Locatia' });
      expect(party.headers.location).toBe('/api/v1/parties/LOC');
      const theme = await createdTwice('/api/v1/themes', { slug: 'located', name: 'Located' });
      expect(theme.headers.location).toBe('/api/v1/themes/located');
    });
  });

  describe('a 412 carries the current ETag', () => {
    it('on every route that takes If-Match, so the client can read again or retry', async () => {
      const created = await createCommitment(t, admin, { title: 'Moved on meanwhile' });
      const evidenceId = await newEvidence('https://example.org/moved-on');
      const url = `/api/v1/commitments/${created.id}`;
      await request(t.http)
        .post(`${url}/reviews`)
        .set('Authorization', admin)
        .set('If-Match', created.etag)
        .send({ note: 'Someone else was first.' })
        .expect(201);
      const stale = [
        request(t.http).patch(url).send({ summary: 'Mine.' }),
        request(t.http).post(`${url}/updates`).send({ status: 'STALLED', note: 'Mine.' }),
        request(t.http).post(`${url}/reviews`).send({ note: 'Mine.' }),
        request(t.http).post(`${url}/evidence`).send({ evidenceId, stance: 'SUPPORTS' }),
        request(t.http).delete(`${url}/evidence/${evidenceId}`),
        request(t.http).delete(url),
      ];
      for (const call of stale) {
        const response = await call.set('Authorization', admin).set('If-Match', created.etag);
        expectProblem(response, 412);
        expect(response.headers.etag).toBe('"v2"');
      }
      const unreadable = await request(t.http)
        .patch(url)
        .set('Authorization', admin)
        .set('If-Match', 'yesterday')
        .send({ summary: 'Mine.' });
      expectProblem(unreadable, 412);
      expect(unreadable.headers.etag).toBe('"v2"');
      await request(t.http)
        .patch(url)
        .set('Authorization', admin)
        .set('If-Match', unreadable.headers.etag)
        .send({ summary: 'Mine, after reading again.' })
        .expect(200);
    });
  });

  it('names each failed field once, with one clear message', async () => {
    const response = await post('/api/v1/commitments', { title: 7, parties: 'KR' });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([
      { field: 'title', messages: ['title must be a string'] },
      { field: 'event', messages: ['event is required'] },
      { field: 'parties', messages: ['parties must be an array'] },
      { field: 'themes', messages: ['themes is required'] },
      { field: 'madeOn', messages: ['madeOn is required'] },
    ]);
    expect(response.body.detail).toBe(
      'title: title must be a string; event: event is required; parties: parties must be an array; ' +
        'themes: themes is required; madeOn: madeOn is required',
    );
  });
});
