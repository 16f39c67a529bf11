import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { planOfRequest, tableAccess, type PlanNode } from './support/query-plans.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BULK_ROWS = 3_000;

/**
 * The app's own SQL for a search in Korean or Chinese, planned by PostgreSQL over 3,000
 * commitments with 3,000 translations: both tables are read through their trigram indexes (a
 * larger table only makes a sequential scan costlier).
 */
describe('search in Korean and Chinese is served by trigram indexes', () => {
  let t: TestApp;
  let explainer: pg.Client;

  const plan = (url: string): Promise<PlanNode> => planOfRequest(t.http, explainer, url);

  beforeAll(async () => {
    t = await createTestApp();
    explainer = new pg.Client({ connectionString: t.database.url });
    await explainer.connect();
    // Written on the test's own connection: the app's statement timeout is too short for them.
    // One in 200 commitments mentions 공급망 in Korean; one in 100 translations 供应链 in Chinese.
    await explainer.query(`
      INSERT INTO commitment (slug, title, summary, language, event_id, made_on, archived)
      SELECT 'bulk-' || n, '서약 ' || md5(n::text),
        CASE WHEN n % 200 = 0 THEN '원자재 공급망 ' ELSE '협력 ' END || md5((n % 500)::text),
        'ko', (SELECT id FROM event LIMIT 1), date '2020-01-01' + (n % 1000), n % 100 = 1
      FROM generate_series(1, ${BULK_ROWS}) AS n`);
    await explainer.query(`
      INSERT INTO commitment_translation (commitment_id, language, title, translator)
      SELECT id, 'zh', '承诺 ' || md5(slug) || CASE WHEN hashtext(slug) % 100 = 0
        THEN ' 供应链' ELSE '' END, 'bulk'
      FROM commitment WHERE slug LIKE 'bulk-%'`);
    await explainer.query('VACUUM ANALYZE');
  });
  afterAll(async () => {
    await explainer.end();
    await t.close();
  });

  it.each([
    ['a Korean word', '공급망'],
    ['a Chinese word', '供应链'],
    ['two terms, with a status filter', '원자재 공급망&status=NOT_STARTED'],
  ])('%s', async (_name, query) => {
    const [q, filters] = query.split('&');
    const url = `/api/v1/commitments?q=${encodeURIComponent(q)}${filters ? `&${filters}` : ''}`;
    const node = await plan(url);
    const commitments = tableAccess(node, 'commitment');
    expect(commitments).not.toContain('Seq Scan');
    expect(commitments).toContain('commitment_public_text_trgm_idx');
    expect(tableAccess(node, 'commitment_translation')).toEqual(
      expect.arrayContaining(['commitment_translation_text_trgm_idx']),
    );
    expect(tableAccess(node, 'commitment_translation')).not.toContain('Seq Scan');
  });

  it('finds the rows it planned for, title matches first', async () => {
    const response = await request(t.http)
      .get(`/api/v1/commitments?q=${encodeURIComponent('供应链')}&lang=zh`)
      .expect(200);
    // About a hundred Chinese titles say it; the seeded pledges whose quote alone says it follow.
    const titles = response.body.data.map((c: { title: string }) => c.title);
    expect(titles).toHaveLength(20);
    for (const title of titles) expect(title).toContain('供应链');
  });
});
