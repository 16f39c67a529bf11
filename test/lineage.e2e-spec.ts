import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Made = Awaited<ReturnType<typeof createCommitment>>;

describe('lineage: pledges followed across meetings', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Choi');
  });
  afterAll(() => t.close());

  const made = (title: string, quote: string) => createCommitment(t, editor, { title, quote });
  const etagOf = async (id: string) =>
    (await request(t.http).get(`/api/v1/commitments/${id}`).expect(200)).headers.etag;
  const link = async (later: Made, earlier: string, kind = 'REAFFIRMS') =>
    request(t.http)
      .post(`/api/v1/commitments/${later.slug}/lineage`)
      .set('Authorization', editor)
      .set('If-Match', await etagOf(later.id))
      .send({ earlier, kind });

  it('links a later commitment to an earlier one: both ETags move, both show it, audited', async () => {
    const earlier = await made('Open a forum', 'We will open a forum in 2022.');
    const later = await made('Open the forum', 'We will open the forum by 2023.');
    const response = await link(later, earlier.slug, 'SUPERSEDES');
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/commitments/${later.id}/lineage/${earlier.id}`);
    expect(response.body).toMatchObject({
      laterId: later.id,
      earlierId: earlier.id,
      kind: 'SUPERSEDES',
      commitmentVersion: later.version + 1,
    });
    expect(response.headers.etag).toBe(await etagOf(later.id));
    expect(await etagOf(earlier.id)).not.toBe(earlier.etag);

    const laterDetail = await request(t.http).get(`/api/v1/commitments/${later.slug}`);
    expect(laterDetail.body.earlier).toEqual([
      expect.objectContaining({
        kind: 'SUPERSEDES',
        id: earlier.id,
        slug: earlier.slug,
        quote: 'We will open a forum in 2022.',
        event: expect.objectContaining({ slug: expect.any(String) }),
      }),
    ]);
    expect(laterDetail.body.later).toEqual([]);
    const earlierDetail = await request(t.http).get(`/api/v1/commitments/${earlier.id}`);
    expect(earlierDetail.body.later).toEqual([
      expect.objectContaining({ kind: 'SUPERSEDES', id: later.id }),
    ]);
    expect(earlierDetail.body.earlier).toEqual([]);
    const audit = await t.prisma.auditEntry.findMany({
      where: { entityId: later.id, action: 'commitment.lineage-link' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ earlierId: earlier.id, kind: 'SUPERSEDES' });
  });

  it('filters the list to the whole chain both ways, and leaves others out', async () => {
    const first = await made('Chain one', 'one');
    const second = await made('Chain two', 'two');
    const third = await made('Chain three', 'three');
    const outsider = await made('Not in the chain', 'other');
    expect((await link(second, first.id)).status).toBe(201);
    expect((await link(third, second.slug, 'NARROWS')).status).toBe(201);
    for (const member of [first, second, third]) {
      const list = await request(t.http)
        .get('/api/v1/commitments')
        .query({ lineage: member.slug, limit: 100 })
        .expect(200);
      const ids = list.body.data.map((row: { id: string }) => row.id).sort();
      expect(ids).toEqual([first.id, second.id, third.id].sort());
    }
    const alone = await request(t.http)
      .get('/api/v1/commitments')
      .query({ lineage: outsider.id })
      .expect(200);
    expect(alone.body.data.map((row: { id: string }) => row.id)).toEqual([outsider.id]);
    const unknown = await request(t.http)
      .get('/api/v1/commitments')
      .query({ lineage: 'no-such-commitment' })
      .expect(200);
    expect(unknown.body.data).toEqual([]);
    expectProblem(
      await request(t.http).get('/api/v1/commitments').query({ lineage: 'Not A Slug' }),
      400,
    );
  });

  it('refuses a self link, a cycle, a duplicate and an unknown earlier commitment', async () => {
    const a = await made('Cycle a', 'a');
    const b = await made('Cycle b', 'b');
    const self = await link(a, a.slug);
    expectProblem(self, 400);
    expect(self.body.errors).toEqual([{ field: 'earlier', messages: [expect.any(String)] }]);
    expect((await link(b, a.slug)).status).toBe(201);
    expectProblem(await link(a, b.slug), 409);
    expectProblem(await link(b, a.slug), 409);
    expectProblem(await link(a, 'no-such-commitment'), 400);
    expect(await t.prisma.commitmentLineage.count({ where: { laterId: a.id } })).toBe(0);
  });

  it('refuses a cycle through several links', async () => {
    const [x, y, z] = [
      await made('Ring x', 'x'),
      await made('Ring y', 'y'),
      await made('Ring z', 'z'),
    ];
    expect((await link(y, x.id)).status).toBe(201);
    expect((await link(z, y.id)).status).toBe(201);
    expectProblem(await link(x, z.id), 409);
  });

  it('the database refuses a self link even without the service', async () => {
    const a = await made('Self in SQL', 'a');
    await expect(
      t.prisma.commitmentLineage.create({
        data: { laterId: a.id, earlierId: a.id, kind: 'NARROWS' },
      }),
    ).rejects.toThrow(/commitment_lineage_not_self|check/i);
  });

  it('needs If-Match (428), the current version (412), an API key (401) and a commitment (404)', async () => {
    const earlier = await made('Guard earlier', 'e');
    const later = await made('Guard later', 'l');
    const path = `/api/v1/commitments/${later.id}/lineage`;
    const body = { earlier: earlier.id, kind: 'REAFFIRMS' };
    expectProblem(await request(t.http).post(path).set('Authorization', editor).send(body), 428);
    expectProblem(
      await request(t.http)
        .post(path)
        .set('Authorization', editor)
        .set('If-Match', '"999"')
        .send(body),
      412,
    );
    expectProblem(await request(t.http).post(path).set('If-Match', later.etag).send(body), 401);
    expectProblem(
      await request(t.http)
        .post('/api/v1/commitments/no-such-commitment/lineage')
        .set('Authorization', editor)
        .set('If-Match', '"1"')
        .send(body),
      404,
    );
    expectProblem(
      await request(t.http)
        .post(path)
        .set('Authorization', editor)
        .set('If-Match', later.etag)
        .send({ earlier: earlier.id, kind: 'REPEATS' }),
      400,
    );
  });

  it('unlinks: 204 with the new ETag, both versions move, a second time 404', async () => {
    const earlier = await made('Unlink earlier', 'e');
    const later = await made('Unlink later', 'l');
    expect((await link(later, earlier.id)).status).toBe(201);
    const earlierEtag = await etagOf(earlier.id);
    const path = `/api/v1/commitments/${later.slug}/lineage/${earlier.id}`;
    const removed = await request(t.http)
      .delete(path)
      .set('Authorization', editor)
      .set('If-Match', await etagOf(later.id))
      .expect(204);
    expect(removed.headers.etag).toBe(await etagOf(later.id));
    expect(await etagOf(earlier.id)).not.toBe(earlierEtag);
    const detail = await request(t.http).get(`/api/v1/commitments/${earlier.id}`);
    expect(detail.body.later).toEqual([]);
    expectProblem(
      await request(t.http)
        .delete(path)
        .set('Authorization', editor)
        .set('If-Match', await etagOf(later.id)),
      404,
    );
    expect(
      await t.prisma.auditEntry.count({
        where: { entityId: later.id, action: 'commitment.lineage-unlink' },
      }),
    ).toBe(1);
  });

  it('replays a link with the same Idempotency-Key', async () => {
    const earlier = await made('Replay earlier', 'e');
    const later = await made('Replay later', 'l');
    const send = () =>
      request(t.http)
        .post(`/api/v1/commitments/${later.id}/lineage`)
        .set('Authorization', editor)
        .set('If-Match', later.etag)
        .set('Idempotency-Key', 'lineage-replay-1')
        .send({ earlier: earlier.id, kind: 'REAFFIRMS' });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await t.prisma.commitmentLineage.count({ where: { laterId: later.id } })).toBe(1);
  });
});
