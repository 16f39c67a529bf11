import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import {
  commitmentAccess,
  indexConditions,
  planNodes,
  planOf,
  statementsOf,
  type PlanNode,
} from './support/query-plans.js';
import { DATA_VERSION_SQL } from '../src/common/public-cache/data-version.repository.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BULK_ROWS = 10_000;

/**
 * The app's own SQL for a request, planned by PostgreSQL over 10,000 commitments: proof that each
 * filter and each order of the public list reads the commitment table through an index.
 */
describe('public read API: every filter and sort is served by an index', () => {
  let t: TestApp;
  let explainer: pg.Client;

  /** The plan of the request's read (the answer cache's data version is read first). */
  const plan = async (url: string, analyze = false): Promise<PlanNode> => {
    const statements = await statementsOf(() => request(t.http).get(url).expect(200));
    const read = statements.find((statement) => statement.text !== DATA_VERSION_SQL.text);
    return planOf(explainer, read!, analyze);
  };

  beforeAll(async () => {
    t = await createTestApp();
    // The fixture goes through a connection of the test's own: the app's statement timeout is
    // for requests, not for writing 10,000 rows on a busy machine.
    explainer = new pg.Client({ connectionString: t.database.url });
    await explainer.connect();
    await explainer.query(`
      INSERT INTO event (slug, title, held_on)
      SELECT 'bulk-event-' || n, 'Bulk event ' || n, date '2020-01-01' + n
      FROM generate_series(1, 50) AS n`);
    await explainer.query(`
      INSERT INTO commitment (slug, title, summary, event_id, made_on, target_date, status,
        stale_since, archived, updated_at)
      SELECT 'bulk-' || n, 'Pledge ' || md5(n::text), 'Cooperation on ' || md5((n % 500)::text),
        (SELECT id FROM event WHERE slug = 'bulk-event-' || (1 + n % 50)),
        date '2020-01-01' + (n % 1000),
        CASE WHEN n % 2 = 0 THEN date '2023-01-01' + (n % 2000) END,
        (enum_range(NULL::"CommitmentStatus"))[1 + n % 6],
        CASE WHEN n % 50 = 0 THEN now() END,
        n % 100 = 0,
        now() - n * interval '1 minute'
      FROM generate_series(1, ${BULK_ROWS}) AS n`);
    await explainer.query(`
      INSERT INTO commitment_theme (commitment_id, theme_id)
      SELECT c.id, t.id FROM commitment c
      JOIN LATERAL (SELECT id FROM theme ORDER BY slug OFFSET abs(hashtext(c.slug)) % 6 LIMIT 1) t
        ON true
      WHERE c.slug LIKE 'bulk-%'`);
    await explainer.query(`
      INSERT INTO commitment_party (commitment_id, party_id, role)
      SELECT c.id, p.id, 'PLEDGING' FROM commitment c, party p
      WHERE c.slug LIKE 'bulk-%' AND (p.code = 'KR' OR hashtext(c.slug) % 2 = 0)`);
    // What autovacuum does on a live database: statistics, and the GIN pending list merged.
    await explainer.query('VACUUM ANALYZE');
  });
  afterAll(async () => {
    await explainer.end();
    await t.close();
  });

  const BY_UPDATE = 'commitment_archived_updated_at_id_idx';
  const WORD = createHash('md5').update('417').digest('hex');
  const BY_TARGET = 'commitment_archived_target_date_id_idx';
  // Filters that match a large share of the rows are applied while walking the order's index,
  // which the planner rightly prefers for a 20-row page.
  it.each([
    ['the default order (-updatedAt)', '', BY_UPDATE],
    ['updatedAt', 'sort=updatedAt', BY_UPDATE],
    ['madeOn', 'sort=madeOn', 'commitment_archived_made_on_id_idx'],
    ['-madeOn', 'sort=-madeOn', 'commitment_archived_made_on_id_idx'],
    ['title', 'sort=title', 'commitment_archived_title_id_idx'],
    ['-title', 'sort=-title', 'commitment_archived_title_id_idx'],
    ['targetDate', 'sort=targetDate', 'commitment_public_target_asc_idx'],
    ['-targetDate', 'sort=-targetDate', 'commitment_public_target_desc_idx'],
    ['a deep page', 'sort=title&cursor=CURSOR', 'commitment_archived_title_id_idx'],
    ['status', 'status=STALLED&status=BROKEN', null],
    ['theme', 'theme=peninsula-peace', null],
    ['party', 'party=CN', null],
    ['event', 'event=bulk-event-7', null],
    ['stale', 'stale=true', 'commitment_stale_since_idx'],
    ['stale=false', 'stale=false', null],
    ['overdue', 'overdue=true', null],
    ['overdue=false', 'overdue=false', null],
    ['q of one word (ranked by its search terms)', `q=${WORD}`, 'commitment_pkey'],
    [
      'q of two words (ranked by each match)',
      `q=cooperation ${WORD}`,
      'commitment_public_search_idx',
    ],
    ['targetBefore', 'targetBefore=2023-01-10', BY_TARGET],
    ['targetAfter', 'targetAfter=2028-06-01&sort=targetDate', null],
  ])('%s', async (_name, query, expectedIndex) => {
    let url = `/api/v1/commitments?${query}`;
    if (query.includes('CURSOR')) {
      const page = await request(t.http).get('/api/v1/commitments?sort=title&limit=100');
      url = url.replace('CURSOR', page.body.page.nextCursor as string);
    }
    const access = commitmentAccess(await plan(url));
    expect(access.length).toBeGreaterThan(0);
    expect(access).not.toContain('Seq Scan');
    if (expectedIndex) expect(access).toContain(expectedIndex);
  });

  it('a search with a status filter reads only rows of those statuses from the search index', async () => {
    const searchScans = indexConditions(
      await plan(`/api/v1/commitments?q=cooperation ${WORD}&status=STALLED&status=BROKEN`),
    ).filter((condition) => condition.includes('search_vector @@'));
    expect(searchScans).toHaveLength(2);
    for (const status of ['STALLED', 'BROKEN']) {
      expect(searchScans).toContainEqual(expect.stringContaining(`status = '${status}'`));
    }
  });

  it('a one-word search reads its page from the search terms in rank order, not every match', async () => {
    const url = '/api/v1/commitments?q=cooperation&status=STALLED,BROKEN';
    const matches = await t.prisma.commitment.count({
      where: { archived: false, status: { in: ['STALLED', 'BROKEN'] } },
    });
    expect(matches).toBeGreaterThan(3000); // every bulk summary says "Cooperation"
    const nodes = planNodes(await plan(url, true));
    const [terms] = nodes.filter((node) => node['Relation Name'] === 'commitment_search_term');
    expect(terms).toMatchObject({
      'Node Type': 'Index Only Scan',
      'Index Name': 'commitment_search_term_term_rank_commitment_id_idx',
    });
    // Read in rank order until the page (21 rows) of those statuses is full.
    expect(terms['Actual Rows']).toBeLessThan(200);
    // The commitment's row is read for those candidates and the page only, by its key.
    const rows = nodes.filter((node) => node['Relation Name'] === 'commitment');
    expect(rows.map((node) => node['Index Name'])).toEqual(['commitment_pkey', 'commitment_pkey']);
    const visited = rows.map((node) => (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 0));
    expect(visited.reduce((a, b) => a + b)).toBeLessThan(200);
  });
});
