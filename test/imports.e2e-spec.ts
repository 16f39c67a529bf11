import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { IMPORT_MAX_BYTES } from '../src/imports/csv-body.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADER =
  'slug,title,event,madeOn,targetDate,pledgingParties,counterpartParties,themes,summary,quote';
const row = (slug: string, title: string, extra: Partial<Record<string, string>> = {}) => {
  const cells = {
    slug,
    title,
    event: SEEDED_EVENT,
    madeOn: '2021-12-23',
    targetDate: '',
    pledgingParties: 'KR',
    counterpartParties: 'CN',
    themes: 'supply-chain-security',
    summary: '',
    quote: '',
    ...extra,
  };
  return Object.values(cells)
    .map((cell) => `"${cell.replaceAll('"', '""')}"`)
    .join(',');
};
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('bulk import of commitments (CSV)', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor', 'Editor Choi');
  });
  afterAll(() => t.close());

  const post = (body: string, dryRun = false) =>
    request(t.http)
      .post(`/api/v1/imports/commitments${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', editor)
      .set('Content-Type', 'text/csv')
      .send(body);

  it('re-imports an unchanged export: nothing created or changed', async () => {
    const exported = await request(t.http).get('/api/v1/commitments.csv').expect(200);
    const before = await t.prisma.auditEntry.count();
    const response = await post(exported.text).expect(200);
    expect(response.body).toMatchObject({ dryRun: false, created: 0, changed: 0, unchanged: 9 });
    expect(await t.prisma.auditEntry.count()).toBe(before);
  });

  it('replays a retried import with the same Idempotency-Key instead of importing again', async () => {
    const body = csv(row('import-retried', 'A pledge sent twice'));
    const send = () => post(body).set('Idempotency-Key', 'import-retry-1');
    const first = await send().expect(200);
    const retry = await send().expect(200);
    expect(first.body).toMatchObject({ created: 1 });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await t.prisma.commitment.count({ where: { slug: 'import-retried' } })).toBe(1);
  });

  it('a dry run reports what would be created and changed, and writes nothing', async () => {
    const count = await t.prisma.commitment.count();
    const response = await post(
      csv(
        row('import-dry-new', 'A new pledge'),
        row('climate-change-cooperation', 'Climate change cooperation, renamed', {
          pledgingParties: 'KR; CN',
          counterpartParties: '',
          themes: 'climate-environment',
        }),
      ),
      true,
    ).expect(200);
    expect(response.body).toMatchObject({ dryRun: true, created: 1, changed: 1, unchanged: 0 });
    expect(response.body.rows).toEqual([
      { row: 2, slug: 'import-dry-new', outcome: 'created', fields: [] },
      {
        row: 3,
        slug: 'climate-change-cooperation',
        outcome: 'changed',
        fields: expect.arrayContaining(['title', 'summary', 'quote']),
      },
    ]);
    expect(await t.prisma.commitment.count()).toBe(count);
    expect(
      (
        await t.prisma.commitment.findUniqueOrThrow({
          where: { slug: 'climate-change-cooperation' },
        })
      ).title,
    ).not.toContain('renamed');
  });

  it('imports: creates and changes by slug through the writer, audited', async () => {
    const response = await post(
      csv(
        row('import-created', 'Created by import', { quote: '-5% tariffs' }),
        row('import-created-2', 'Also created', { targetDate: '2023-01-01' }),
      ),
    ).expect(200);
    expect(response.body).toMatchObject({ created: 2, changed: 0 });
    const created = await t.prisma.commitment.findUniqueOrThrow({
      where: { slug: 'import-created' },
    });
    expect(created.quote).toBe('-5% tariffs');
    expect(
      await t.prisma.auditEntry.count({
        where: { entityId: created.id, action: 'commitment.create' },
      }),
    ).toBe(1);
    const again = await post(
      csv(row('import-created', 'Created by import, edited', { quote: '-5% tariffs' })),
    ).expect(200);
    expect(again.body.rows).toEqual([
      { row: 2, slug: 'import-created', outcome: 'changed', fields: ['title'] },
    ]);
    const edited = await t.prisma.commitment.findUniqueOrThrow({
      where: { slug: 'import-created' },
    });
    expect(edited.version).toBe(created.version + 1);
    // The export escapes the leading minus; the import undoes it: the round trip changes nothing.
    const exported = await request(t.http).get('/api/v1/commitments.csv').expect(200);
    expect(exported.text).toContain("'-5% tariffs");
    expect((await post(exported.text).expect(200)).body).toMatchObject({ created: 0, changed: 0 });
  });

  it('all or nothing: one bad row, and no row is written; every error has its row and column', async () => {
    const count = await t.prisma.commitment.count();
    const response = await post(
      csv(
        row('import-good', 'A good row'),
        row('import-bad-date', 'Bad date', { madeOn: '2021-13-40' }),
        row('import-bad-party', 'Unknown party', { pledgingParties: 'ZZ' }),
        row('import-bad-theme', '', { themes: 'no-such-theme' }),
        row('import-good', 'The same slug again'),
      ),
    );
    expectProblem(response, 422);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: 'madeOn', messages: [expect.any(String)] },
        { row: 4, column: 'pledgingParties', messages: [expect.any(String)] },
        { row: 5, column: 'title', messages: [expect.any(String)] },
        { row: 6, column: 'slug', messages: ['slug already on row 2'] },
      ]),
    );
    expect(await t.prisma.commitment.count()).toBe(count);
    expect(await t.prisma.commitment.findUnique({ where: { slug: 'import-good' } })).toBeNull();
  });

  it('a reference the writer refuses (unknown theme) is an error of its row; the dry run lists it too', async () => {
    const response = await post(
      csv(row('import-unknown-theme', 'T', { themes: 'no-such-theme' })),
      true,
    );
    expectProblem(response, 422);
    expect(response.body.errors).toEqual([
      { row: 2, column: 'themes', messages: [expect.any(String)] },
    ]);
  });

  it('a file that is not the export: unknown and missing columns, a broken quote, a wrong width', async () => {
    const columns = await post('slug,colour\nx,red\n');
    expectProblem(columns, 422);
    expect(columns.body.errors).toEqual(
      expect.arrayContaining([
        { row: 1, column: 'colour', messages: ['unknown column'] },
        { row: 1, column: 'title', messages: ['missing column'] },
      ]),
    );
    const broken = await post(`${HEADER}\n"unclosed,x\n`);
    expectProblem(broken, 422);
    expect(broken.body.errors[0]).toMatchObject({ row: expect.any(Number), column: null });
    const narrow = await post(`${HEADER}\nonly-two,cells\n`);
    expectProblem(narrow, 422);
    expectProblem(await post(''), 422);
  });

  it('refuses a body over the size limit with 413 problem+json, and JSON with 415', async () => {
    const big = `${HEADER}\n${'x'.repeat(IMPORT_MAX_BYTES)}\n`;
    expectProblem(await post(big), 413);
    expectProblem(
      await request(t.http)
        .post('/api/v1/imports/commitments')
        .set('Authorization', editor)
        .send({ slug: 'x' }),
      415,
    );
  });

  it('needs an API key', async () => {
    expectProblem(
      await request(t.http)
        .post('/api/v1/imports/commitments')
        .set('Content-Type', 'text/csv')
        .send(csv(row('x', 'x'))),
      401,
    );
  });
});
