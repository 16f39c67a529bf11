import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The job flags, the public sees it, staff clear it: the staff API and the jobs together. */
describe('staleness from flag to review', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await bearer(t, 'admin');
    editor = await bearer(t, 'editor');
  });
  afterAll(() => t.close());

  const openReviewReminders = (slug: string) =>
    t.prisma.reminder.count({
      where: { kind: 'REVIEW_DUE', state: 'OPEN', commitment: { slug } },
    });

  async function publicView(slug: string): Promise<request.Response> {
    return request(t.http).get(`/api/v1/commitments/${slug}`).expect(200);
  }

  it('a flagged pledge shows as stale with a new ETag; a review or an update clears it', async () => {
    const before = await publicView('climate-change-cooperation');
    setNow(t, '2022-06-01T00:00:00Z');
    await runJob(t, 'stale-check', admin);

    const flagged = await publicView('climate-change-cooperation');
    expect(flagged.body).toMatchObject({ stale: true, staleSince: '2022-06-01T00:00:00.000Z' });
    expect(flagged.headers.etag).not.toBe(before.headers.etag);
    await request(t.http)
      .get('/api/v1/commitments/climate-change-cooperation')
      .set('If-None-Match', before.headers.etag)
      .expect(200);
    expect(await openReviewReminders('climate-change-cooperation')).toBe(1);

    await request(t.http)
      .post(`/api/v1/commitments/${flagged.body.id}/reviews`)
      .set('Authorization', editor)
      .set('If-Match', flagged.headers.etag)
      .send({ note: 'Checked the ministry readouts: nothing new.' })
      .expect(201);
    expect((await publicView('climate-change-cooperation')).body.stale).toBe(false);
    expect(await openReviewReminders('climate-change-cooperation')).toBe(0);

    const other = await publicView('revitalize-cultural-exchanges');
    expect(other.body.stale).toBe(true);
    await request(t.http)
      .post(`/api/v1/commitments/${other.body.id}/updates`)
      .set('Authorization', editor)
      .set('If-Match', other.headers.etag)
      .send({ status: 'IN_PROGRESS', note: 'Exchanges resumed.', effectiveOn: '2022-05-01' })
      .expect(201);
    expect((await publicView('revitalize-cultural-exchanges')).body.stale).toBe(false);
    expect(await openReviewReminders('revitalize-cultural-exchanges')).toBe(0);

    const rerun = await runJob(t, 'stale-check', admin);
    expect(rerun.counts).toMatchObject({ flagged: 0 });
  });
});
