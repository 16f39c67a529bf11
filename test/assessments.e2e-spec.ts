import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('per-party assessments and the compliance matrix', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Lee');
    await t.prisma.party.create({ data: { code: 'JP', name: 'Japan' } });
    await request(t.http)
      .post('/api/v1/events')
      .set('Authorization', editor)
      .send({ slug: 'matrix-summit', title: 'Matrix summit', heldOn: '2023-05-01' })
      .expect(201);
    await request(t.http)
      .post('/api/v1/events')
      .set('Authorization', editor)
      .send({ slug: 'empty-summit', title: 'Empty summit', heldOn: '2023-06-01' })
      .expect(201);
  });
  afterAll(() => t.close());

  const assess = (id: string, etag: string | undefined, body: object, auth = editor) => {
    const req = request(t.http)
      .post(`/api/v1/commitments/${id}/assessments`)
      .set('Authorization', auth);
    return (etag ? req.set('If-Match', etag) : req).send(body);
  };

  /** Assesses in turn, each at the ETag the previous one left. */
  async function assessAll(commitment: { id: string; etag: string }, bodies: object[]) {
    let etag = commitment.etag;
    for (const body of bodies)
      etag = (await assess(commitment.id, etag, body).expect(201)).headers.etag;
    return etag;
  }

  async function linkedEvidence(commitment: { id: string; etag: string }, url: string) {
    const evidence = await request(t.http)
      .post('/api/v1/evidence')
      .set('Authorization', editor)
      .send({ url, title: 'A report' })
      .expect(201);
    const link = await request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/evidence`)
      .set('Authorization', editor)
      .set('If-Match', commitment.etag)
      .send({ evidenceId: evidence.body.id, stance: 'SUPPORTS' })
      .expect(201);
    return { evidenceId: evidence.body.id as string, etag: link.headers.etag };
  }

  const count = (commitmentId: string) => t.prisma.assessment.count({ where: { commitmentId } });

  describe('POST /api/v1/commitments/{idOrSlug}/assessments', () => {
    it('records the assessment with its evidence, moves the ETag, audits and points at the history', async () => {
      const commitment = await createCommitment(t, editor);
      const { evidenceId, etag } = await linkedEvidence(commitment, 'https://example.org/forum');
      const response = await assess(commitment.slug, etag, {
        party: 'CN',
        score: 0,
        rationale: '  The forum met once; no second meeting.  ',
        evidenceIds: [evidenceId],
        kind: 'INTERIM',
        assessedOn: '2022-06-30',
      }).expect(201);
      expect(response.headers.etag).toBe('"v3"');
      expect(response.headers.location).toBe(`/api/v1/commitments/${commitment.id}/assessments`);
      expect(response.body).toMatchObject({
        commitmentId: commitment.id,
        party: 'CN',
        score: 0,
        rationale: 'The forum met once; no second meeting.',
        kind: 'INTERIM',
        assessedOn: '2022-06-30',
        methodologyVersion: '1',
        actor: 'Editor Lee',
        evidenceIds: [evidenceId],
        commitmentVersion: 3,
      });
      const audit = await t.prisma.auditEntry.findFirstOrThrow({
        where: { entityId: commitment.id, action: 'commitment.assessment' },
      });
      expect(audit.actor).toBe('Editor Lee');
      expect(audit.after).toMatchObject({ id: response.body.id, party: 'CN', score: 0 });
      const history = await request(t.http)
        .get(`/api/v1/commitments/${commitment.slug}/assessments`)
        .expect(200);
      expect(history.body.data).toEqual([
        expect.objectContaining({
          id: response.body.id,
          party: { code: 'CN', name: expect.any(String) },
          score: 0,
          actor: t.config.PUBLIC_BYLINE,
          evidence: [expect.objectContaining({ id: evidenceId, url: 'https://example.org/forum' })],
        }),
      ]);
    });

    it('defaults assessedOn to today and kind to none', async () => {
      const commitment = await createCommitment(t, editor);
      const response = await assess(commitment.id, commitment.etag, {
        party: 'KR',
        score: 1,
        rationale: 'Done.',
      }).expect(201);
      expect(response.body).toMatchObject({
        kind: null,
        assessedOn: new Date().toISOString().slice(0, 10),
        evidenceIds: [],
      });
    });

    it.each([
      [{ score: 1, rationale: 'x' }, ['party']],
      [{ party: 'KR', score: 2, rationale: 'x' }, ['score']],
      [{ party: 'KR', score: 0.5, rationale: 'x' }, ['score']],
      [{ party: 'KR', score: '1', rationale: 'x' }, ['score']],
      [{ party: 'KR', score: 1 }, ['rationale']],
      [{ party: 'KR', score: 1, rationale: '   ' }, ['rationale']],
      [{ party: 'KR', score: 1, rationale: 'bad\u0000byte' }, ['rationale']],
      [{ party: 'kr', score: 1, rationale: 'x', kind: 'PRELIMINARY' }, ['party', 'kind']],
      [{ party: 'KR', score: 1, rationale: 'x', assessedOn: tomorrow() }, ['assessedOn']],
      [{ party: 'KR', score: 1, rationale: 'x', assessedOn: '2021-12-22' }, ['assessedOn']],
      [{ party: 'KR', score: 1, rationale: 'x', evidenceIds: ['nope'] }, ['evidenceIds']],
      [{ party: 'KR', score: 1, rationale: 'x', methodologyVersion: '0' }, ['methodologyVersion']],
      [{ party: 'US', score: 1, rationale: 'x' }, ['party']],
      [{ party: 'KR', score: 1, rationale: 'x', evidenceIds: [UNKNOWN] }, ['evidenceIds']],
    ])('refuses %j with a 400 naming %j and writes nothing', async (body, fields) => {
      const commitment = await createCommitment(t, editor);
      const response = await assess(commitment.id, commitment.etag, body);
      expectProblem(response, 400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
      expect(await count(commitment.id)).toBe(0);
      const row = await t.prisma.commitment.findUniqueOrThrow({ where: { id: commitment.id } });
      expect(row.version).toBe(1);
    });

    it('refuses evidence that exists but is not linked to the commitment', async () => {
      const commitment = await createCommitment(t, editor);
      const other = await createCommitment(t, editor);
      const { evidenceId } = await linkedEvidence(other, 'https://example.org/elsewhere');
      const response = await assess(commitment.id, commitment.etag, {
        party: 'KR',
        score: 1,
        rationale: 'x',
        evidenceIds: [evidenceId],
      });
      expectProblem(response, 400);
      expect(response.body.detail).toContain(`not linked to it: ${evidenceId}`);
    });

    it('answers 401, 404, 428 and 412 as problems and writes nothing', async () => {
      const commitment = await createCommitment(t, editor);
      const body = { party: 'KR', score: 1, rationale: 'Kept.' };
      expectProblem(
        await request(t.http)
          .post(`/api/v1/commitments/${commitment.id}/assessments`)
          .set('If-Match', commitment.etag)
          .send(body),
        401,
      );
      expectProblem(
        await assess(commitment.id, commitment.etag, body, 'Bearer not-a-key-at-all'),
        401,
      );
      const revoked = await bearer(t, 'editor', 'Revoked Kim');
      await t.prisma.apiKey.updateMany({
        where: { name: 'Revoked Kim' },
        data: { revokedAt: new Date() },
      });
      expectProblem(await assess(commitment.id, commitment.etag, body, revoked), 401);
      expectProblem(await assess(UNKNOWN, '"v1"', body), 404);
      expectProblem(await assess(commitment.id, undefined, body), 428);
      expectProblem(await assess(commitment.id, '"v7"', body), 412);
      expect(await count(commitment.id)).toBe(0);
    });

    it('lets an admin assess too (every key is an editor or an admin: none gets a 403 here)', async () => {
      const admin = await bearer(t, 'admin', 'Admin Cho');
      const commitment = await createCommitment(t, editor);
      await assess(
        commitment.id,
        commitment.etag,
        { party: 'KR', score: 1, rationale: 'x' },
        admin,
      ).expect(201);
    });

    it('replays a retry with the same Idempotency-Key: one assessment, one version bump', async () => {
      const commitment = await createCommitment(t, editor);
      const send = () =>
        assess(commitment.id, commitment.etag, {
          party: 'KR',
          score: -1,
          rationale: 'Dropped.',
        }).set('Idempotency-Key', 'assess-1');
      const first = await send().expect(201);
      const retry = await send().expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(first.headers.location);
      expect(await count(commitment.id)).toBe(1);
      const row = await t.prisma.commitment.findUniqueOrThrow({ where: { id: commitment.id } });
      expect(row.version).toBe(2);
    });
  });

  describe('the database', () => {
    it('refuses to change or delete an assessment', async () => {
      const commitment = await createCommitment(t, editor);
      const { body } = await assess(commitment.id, commitment.etag, {
        party: 'KR',
        score: 1,
        rationale: 'Kept.',
      }).expect(201);
      await expect(
        t.prisma.$executeRaw`UPDATE assessment SET score = -1 WHERE id = ${body.id}::uuid`,
      ).rejects.toThrow(/append-only/);
      await expect(
        t.prisma.$executeRaw`DELETE FROM assessment WHERE id = ${body.id}::uuid`,
      ).rejects.toThrow(/append-only/);
    });

    it('refuses a score off the scale and a party not of the commitment', async () => {
      const commitment = await createCommitment(t, editor);
      await t.prisma.party.create({ data: { code: 'XX', name: 'Nowhere' } });
      const insert = (code: string, score: number) => t.prisma.$executeRaw`
        INSERT INTO assessment (commitment_id, party_id, score, rationale, assessed_on,
          methodology_version, actor)
        SELECT ${commitment.id}::uuid, id, ${score}, 'x', '2022-01-01', '1', 'test'
        FROM party WHERE code = ${code}`;
      await expect(insert('KR', 2)).rejects.toThrow(/assessment_score_scale/);
      await expect(insert('XX', 1)).rejects.toThrow(/not a party to commitment/);
      await expect(insert('KR', -1)).resolves.toBe(1);
    });
  });

  describe('GET /api/v1/commitments/{idOrSlug}/assessments', () => {
    it('lists the history newest first, page by page, with ETag and 304', async () => {
      const commitment = await createCommitment(t, editor);
      await assessAll(commitment, [
        { party: 'KR', score: -1, rationale: 'first' },
        { party: 'CN', score: 0, rationale: 'second' },
        { party: 'KR', score: 1, rationale: 'third' },
      ]);
      const path = `/api/v1/commitments/${commitment.id}/assessments`;
      const first = await request(t.http).get(`${path}?limit=2`).expect(200);
      expect(first.body.data.map((a: { rationale: string }) => a.rationale)).toEqual([
        'third',
        'second',
      ]);
      expect(first.headers['cache-control']).toContain('public');
      const next = await request(t.http)
        .get(`${path}?limit=2&cursor=${first.body.page.nextCursor}`)
        .expect(200);
      expect(next.body.data.map((a: { rationale: string }) => a.rationale)).toEqual(['first']);
      expect(next.body.page.nextCursor).toBeNull();
      await request(t.http)
        .get(`${path}?limit=2`)
        .set('If-None-Match', first.headers.etag)
        .expect(304);
    });

    it('answers an empty history, and 404 and 400 as problems', async () => {
      const commitment = await createCommitment(t, editor);
      const empty = await request(t.http)
        .get(`/api/v1/commitments/${commitment.id}/assessments`)
        .expect(200);
      expect(empty.body).toEqual({ data: [], page: { nextCursor: null, limit: 20 } });
      expectProblem(await request(t.http).get(`/api/v1/commitments/${UNKNOWN}/assessments`), 404);
      expectProblem(
        await request(t.http).get(`/api/v1/commitments/${commitment.id}/assessments?cursor=x`),
        400,
      );
    });

    it('keeps the methodology version each assessment was made under', async () => {
      const commitment = await createCommitment(t, editor);
      await t.prisma.assessment.create({
        data: {
          commitmentId: commitment.id,
          partyId: (await t.prisma.party.findUniqueOrThrow({ where: { code: 'KR' } })).id,
          score: 1,
          rationale: 'Under the first draft of the method.',
          assessedOn: new Date('2022-01-01'),
          methodologyVersion: '0',
          actor: 'test',
          createdAt: new Date('2022-01-01T00:00:00Z'),
        },
      });
      await assess(commitment.id, commitment.etag, {
        party: 'KR',
        score: 0,
        rationale: 'Now.',
      }).expect(201);
      const history = await request(t.http)
        .get(`/api/v1/commitments/${commitment.id}/assessments`)
        .expect(200);
      expect(
        history.body.data.map((a: { methodologyVersion: string }) => a.methodologyVersion),
      ).toEqual(['1', '0']);
    });
  });

  describe('GET /api/v1/compliance', () => {
    let etagOfMixed: string;
    beforeAll(async () => {
      // Three commitments of matrix-summit, by title: Alpha (mixed), Beta (partial), Gamma (none).
      const on = { event: 'matrix-summit', madeOn: '2023-05-01' };
      const alpha = await createCommitment(t, editor, { ...on, title: 'Alpha pledge' });
      const beta = await createCommitment(t, editor, { ...on, title: 'Beta pledge' });
      await createCommitment(t, editor, {
        ...on,
        title: 'Gamma pledge',
        parties: ['KR', 'JP'],
      });
      etagOfMixed = await assessAll(alpha, [
        { party: 'KR', score: -1, rationale: 'superseded by the next one' },
        { party: 'KR', score: 1, rationale: 'kept' },
        { party: 'CN', score: 0, rationale: 'halfway' },
      ]);
      await assessAll(beta, [{ party: 'KR', score: -1, rationale: 'not kept' }]);
    });

    it('gives each cell its newest score, and means and percentages over assessed cells only', async () => {
      const response = await request(t.http)
        .get('/api/v1/compliance?event=matrix-summit')
        .expect(200);
      const matrix = response.body;
      expect(matrix.method).toContain('(mean + 1) / 2 × 100');
      expect(matrix.methodologyVersion).toBe('1');
      expect(matrix.parties).toEqual([
        {
          code: 'CN',
          name: expect.any(String),
          mean: 0,
          percentage: 50,
          assessed: 1,
          unassessed: 1,
        },
        {
          code: 'JP',
          name: expect.any(String),
          mean: null,
          percentage: null,
          assessed: 0,
          unassessed: 1,
        },
        {
          code: 'KR',
          name: expect.any(String),
          mean: 0,
          percentage: 50,
          assessed: 2,
          unassessed: 1,
        },
      ]);
      const rows = matrix.commitments.map(
        (row: {
          title: string;
          mean: number | null;
          percentage: number | null;
          assessed: number;
          unassessed: number;
          parties: string[];
          cells: ({ score: number } | null)[];
        }) => [
          row.title,
          row.parties,
          row.cells.map((cell) => cell?.score ?? null),
          row.mean,
          row.percentage,
          row.assessed,
          row.unassessed,
        ],
      );
      expect(rows).toEqual([
        ['Alpha pledge', ['CN', 'KR'], [0, null, 1], 0.5, 75, 2, 0],
        ['Beta pledge', ['CN', 'KR'], [null, null, -1], -1, 0, 1, 1],
        ['Gamma pledge', ['JP', 'KR'], [null, null, null], null, null, 0, 2],
      ]);
      const cell = matrix.commitments[0].cells[2];
      expect(cell).toMatchObject({ party: 'KR', methodologyVersion: '1', kind: null });
      expect(cell.href).toBe(`/api/v1/commitments/${matrix.commitments[0].slug}/assessments`);
      expect(etagOfMixed).toBe('"v4"');
    });

    it('answers as its OpenAPI schema says, null cells and kinds included', async () => {
      const document = (await request(t.http).get('/api/openapi.json').expect(200)).body;
      const ajv = addFormats(new Ajv({ strict: false }));
      ajv.addSchema({ $id: 'doc', components: document.components });
      const validate = ajv.compile({ $ref: 'doc#/components/schemas/ComplianceMatrixDto' });
      const response = await request(t.http)
        .get('/api/v1/compliance?event=matrix-summit')
        .expect(200);
      expect(response.body.commitments[1].cells).toContain(null);
      expect(validate(response.body) ? null : validate.errors).toBeNull();
      const history = await request(t.http)
        .get(`/api/v1/commitments/${response.body.commitments[0].slug}/assessments`)
        .expect(200);
      const validateHistory = ajv.compile({ $ref: 'doc#/components/schemas/AssessmentPageDto' });
      expect(validateHistory(history.body) ? null : validateHistory.errors).toBeNull();
    });

    it('narrows to one party: its column only, over the commitments it is party to', async () => {
      const response = await request(t.http)
        .get('/api/v1/compliance?event=matrix-summit&party=CN')
        .expect(200);
      expect(response.body.parties).toEqual([
        {
          code: 'CN',
          name: expect.any(String),
          mean: 0,
          percentage: 50,
          assessed: 1,
          unassessed: 1,
        },
      ]);
      expect(response.body.commitments.map((row: { title: string }) => row.title)).toEqual([
        'Alpha pledge',
        'Beta pledge',
      ]);
    });

    it('answers an empty matrix for an event without commitments, with ETag and 304', async () => {
      const response = await request(t.http)
        .get('/api/v1/compliance?event=empty-summit')
        .expect(200);
      expect(response.body).toMatchObject({ parties: [], commitments: [] });
      await request(t.http)
        .get('/api/v1/compliance?event=empty-summit')
        .set('If-None-Match', response.headers.etag)
        .expect(304);
    });

    it('refuses malformed filters with a 400 naming them', async () => {
      const response = await request(t.http).get(
        '/api/v1/compliance?event=Not%20a%20slug&party=kr',
      );
      expectProblem(response, 400);
      expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'event',
        'party',
      ]);
    });

    it('gives the matrix as CSV, one line per cell', async () => {
      const response = await request(t.http)
        .get('/api/v1/compliance.csv?event=matrix-summit&party=KR')
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = response.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe(
        'commitment,title,party,score,kind,assessedOn,methodologyVersion,commitmentMean,partyMean,partyPercentage',
      );
      expect(lines.slice(1).map((line) => line.split(',').slice(1, 4).join(','))).toEqual([
        'Alpha pledge,KR,1',
        'Beta pledge,KR,-1',
        'Gamma pledge,KR,',
      ]);
      expect(lines[1].endsWith(',1,0,50')).toBe(true);
    });
  });
});
