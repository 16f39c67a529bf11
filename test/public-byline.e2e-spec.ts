import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bearer } from './support/staff.js';
import { createCommitment, SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const STAFF_NAME = 'Jane Secret-Editor';
const BYLINE = 'Seoul Policy Institute editors';

describe('public output names the public byline, never the staff member', () => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BYLINE: BYLINE } });
    const jane = await bearer(t, 'editor', STAFF_NAME);
    const created = await createCommitment(t, jane, { title: 'Open a joint research centre' });
    slug = created.slug;
    const evidence = await request(t.http)
      .post('/api/v1/evidence')
      .set('Authorization', jane)
      .send({ url: 'https://example.org/research-centre', title: 'Centre announced' })
      .expect(201);
    const linked = await request(t.http)
      .post(`/api/v1/commitments/${created.id}/evidence`)
      .set('Authorization', jane)
      .set('If-Match', created.etag)
      .send({ evidenceId: evidence.body.id, stance: 'SUPPORTS', note: 'Announced.' })
      .expect(201);
    const updated = await request(t.http)
      .post(`/api/v1/commitments/${created.id}/updates`)
      .set('Authorization', jane)
      .set('If-Match', linked.headers.etag)
      .send({ status: 'IN_PROGRESS', note: 'Site chosen.', evidenceIds: [evidence.body.id] })
      .expect(201);
    const reviewed = await request(t.http)
      .post(`/api/v1/commitments/${created.id}/reviews`)
      .set('Authorization', jane)
      .set('If-Match', updated.headers.etag)
      .send({ note: 'Checked: nothing new.' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/commitments/${created.id}/assessments`)
      .set('Authorization', jane)
      .set('If-Match', reviewed.headers.etag)
      .send({ party: 'KR', score: 0, rationale: 'Site chosen, not built.' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('fills the timeline`s actor with the byline', async () => {
    const { body } = await request(t.http).get(`/api/v1/commitments/${slug}/updates`).expect(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ note: 'Site chosen.', actor: BYLINE });
  });

  it('names the byline as the author of feed entries', async () => {
    const { text } = await request(t.http).get('/api/v1/feed.atom').expect(200);
    expect(text).toContain('Site chosen.');
    expect(text).toMatch(new RegExp(`<author>\\s*<name>${BYLINE}</name>\\s*</author>`));
  });

  it('shows the staff name in no public response', async () => {
    const urls = [
      '/api/v1/commitments',
      `/api/v1/commitments/${slug}`,
      `/api/v1/commitments/${slug}/updates`,
      `/api/v1/commitments/${slug}/evidence`,
      `/api/v1/commitments/${slug}/assessments`,
      '/api/v1/compliance',
      '/api/v1/compliance.csv',
      '/api/v1/commitments.csv',
      '/api/v1/feed.atom',
      '/api/v1/events',
      `/api/v1/events/${SEEDED_EVENT}`,
      '/api/v1/themes',
      '/api/v1/parties',
      '/api/v1/stats',
      '/',
      `/commitments/${slug}`,
      `/events/${SEEDED_EVENT}`,
      '/themes/supply-chain-security',
    ];
    for (const url of urls) {
      const response = await request(t.http).get(url).expect(200);
      expect([url, response.text]).toEqual([url, expect.not.stringContaining('Secret-Editor')]);
    }
    const page = await request(t.http).get(`/commitments/${slug}`).expect(200);
    expect(page.text).toContain('Site chosen.');
    expect(page.text).toContain('Checked: nothing new.');
    expect(page.text).toContain('Site chosen, not built.');
  });

  it('keeps who did it in the audit log and the timeline rows', async () => {
    const entries = await t.prisma.auditEntry.findMany({ where: { actor: STAFF_NAME } });
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['commitment.status-update', 'commitment.review']),
    );
    expect(await t.prisma.statusUpdate.findFirstOrThrow()).toMatchObject({ actor: STAFF_NAME });
  });
});
