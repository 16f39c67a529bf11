import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { FLAGGABLE_SQL, reviewDueAtSql } from '../src/commitments/commitment-rules.js';
import { runJob } from './support/jobs.js';
import { commitmentAccess, planOf, statementsOf, type Statement } from './support/query-plans.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BULK_ROWS = 10_000;

/**
 * stale-check's own statements, planned by PostgreSQL over 10,000 commitments in the state a
 * daily run meets (everything due a day ago already flagged): it reads the rows it changes
 * through the due-review indexes, never the whole table.
 */
describe('stale-check reads only what fell due', () => {
  let t: TestApp;
  let explainer: pg.Client;
  let statements: Statement[];
  let counts: Record<string, number>;
  let dueSinceYesterday: number;

  beforeAll(async () => {
    t = await createTestApp({ env: { STALE_CHECK_BATCH_SIZE: '100' } });
    // Fixtures through a connection of the test's own: the app's statement timeout is for
    // requests, not for writing 10,000 rows on a busy machine.
    explainer = new pg.Client({ connectionString: t.database.url });
    await explainer.connect();
    await explainer.query(`
      INSERT INTO commitment (slug, title, event_id, made_on, status, last_reviewed_at,
        review_interval_days, archived)
      SELECT 'bulk-' || n, 'Pledge ' || n, (SELECT id FROM event LIMIT 1), date '2021-01-01',
        (enum_range(NULL::"CommitmentStatus"))[1 + n % 6],
        now() - interval '80 days' - n * interval '3 minutes',
        CASE WHEN n % 7 = 0 THEN 30 END,
        n % 100 = 0
      FROM generate_series(1, ${BULK_ROWS}) AS n`);
    const due = (instant: string) => `${FLAGGABLE_SQL} AND ${reviewDueAtSql(90)} <= ${instant}`;
    await explainer.query(`
      UPDATE commitment c SET stale_since = now() - interval '1 day'
      WHERE ${due(`now() - interval '1 day'`)}`);
    dueSinceYesterday = (
      await explainer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM commitment c WHERE ${due('now()')}`,
      )
    ).rows[0].n;
    await explainer.query('VACUUM ANALYZE');
    const admin = await bearer(t, 'admin');
    statements = (
      await statementsOf(async () => {
        counts = (await runJob(t, 'stale-check', admin)).counts;
      })
    ).filter((statement) => /UPDATE commitment c SET stale_since/.test(statement.text));
  });
  afterAll(async () => {
    await explainer.end();
    await t.close();
  });

  it('flags what fell due since the day before, in batches', () => {
    expect(dueSinceYesterday).toBeGreaterThan(100);
    expect(counts).toEqual({
      flagged: dueSinceYesterday,
      remindersOpened: dueSinceYesterday,
      unflagged: 0,
    });
    // Full batches, then the short one that ends the loop; then one for closed commitments.
    expect(statements).toHaveLength(Math.floor(dueSinceYesterday / 100) + 2);
  });

  it('finds them through the due-review indexes, both intervals', async () => {
    const access = commitmentAccess(await planOf(explainer, statements[0]));
    expect(access).not.toContain('Seq Scan');
    expect(access).toEqual(
      expect.arrayContaining([
        'commitment_review_due_default_idx',
        'commitment_review_due_own_idx',
      ]),
    );
  });

  it('finds the closed commitments still flagged through their own index', async () => {
    const access = commitmentAccess(await planOf(explainer, statements.at(-1)!));
    expect(access).not.toContain('Seq Scan');
    expect(access).toContain('commitment_closed_stale_idx');
  });
});
