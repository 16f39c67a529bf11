import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { runJobFromCli } from '../src/cli/run-job.js';
import { seedBulk } from '../src/seed/bulk-seeder.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('bulk seed (npm run seed:bulk)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('migrated');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async (table: string): Promise<number> =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('writes N commitments in batches with about 10 updates, 3 evidence links and 0–3 assessments per party each, and chains of lineage', async () => {
    const progress: number[] = [];
    await seedBulk(pool, {
      commitments: 300,
      reviewIntervalDays: 90,
      batchSize: 100,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([100, 200, 300]);
    expect(await count('commitment')).toBe(300);
    expect(await count('commitment_evidence')).toBe(900);
    expect(await count('commitment_party')).toBe(600);
    const updates = await count('status_update');
    expect(updates / 300).toBeGreaterThan(7);
    expect(updates / 300).toBeLessThan(13);
    const { rows } = await pool.query<{ statuses: number; stale: number }>(
      'SELECT count(DISTINCT status)::int AS statuses, count(stale_since)::int AS stale FROM commitment',
    );
    expect(rows[0].statuses).toBe(6);
    expect(rows[0].stale).toBeGreaterThan(0);
    const cells = await pool.query<{ scores: number; assessed: number; unassessed: number }>(`
      SELECT count(DISTINCT a.score)::int AS scores,
             count(DISTINCT (cp.commitment_id, cp.party_id)) FILTER (WHERE a.id IS NOT NULL)::int
               AS assessed,
             count(*) FILTER (WHERE a.id IS NULL)::int AS unassessed
      FROM commitment_party cp
      LEFT JOIN assessment a ON a.commitment_id = cp.commitment_id AND a.party_id = cp.party_id`);
    expect(cells.rows[0].scores).toBe(3);
    expect(cells.rows[0].assessed).toBeGreaterThan(300);
    expect(cells.rows[0].unassessed).toBeGreaterThan(50);
    expect(await count('assessment_evidence')).toBe(await count('assessment'));
    expect(await count('commitment_lineage')).toBe(60);
    const kinds = await pool.query<{ kinds: number }>(
      'SELECT count(DISTINCT kind)::int AS kinds FROM commitment_lineage',
    );
    expect(kinds.rows[0].kinds).toBe(3);
  });

  it('holds the staleness stale-check left at staleCheckedAt: a run then flags and cancels nothing', async () => {
    await pool.query('TRUNCATE commitment CASCADE');
    const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const, REVIEW_INTERVAL_DAYS: 60 };
    await seedBulk(pool, {
      commitments: 300,
      reviewIntervalDays: config.REVIEW_INTERVAL_DAYS,
      // Ahead of the run below, so nothing falls due between the two.
      staleCheckedAt: new Date(Date.now() + 60 * 60 * 1000),
    });
    const { rows } = await pool.query<{ stale: number; open: number; history: number }>(`
      SELECT count(c.stale_since)::int AS stale,
             count(*) FILTER (WHERE c.status NOT IN ('FULFILLED', 'BROKEN'))::int AS open,
             count(*) FILTER (WHERE r.state = 'OPEN' AND r.due_at <= c.stale_since
                              AND n.state = 'DELIVERED' AND a.succeeded)::int AS history
      FROM commitment c
      LEFT JOIN reminder r ON r.commitment_id = c.id AND r.kind = 'REVIEW_DUE'
      LEFT JOIN notification n ON n.reminder_id = r.id
      LEFT JOIN notification_attempt a ON a.notification_id = n.id`);
    expect(rows[0].stale).toBeGreaterThan(0);
    expect(rows[0].stale).toBeLessThan(rows[0].open);
    expect(rows[0].history).toBe(rows[0].stale);

    const run = await runJobFromCli(config, database.url, 'stale-check');
    expect(run.counts).toEqual({
      flagged: 0,
      remindersOpened: 0,
      unflagged: 0,
    });
  });

  it('is resumable: a larger N adds only the missing commitments', async () => {
    await seedBulk(pool, { commitments: 300, reviewIntervalDays: 90 });
    expect(await count('commitment')).toBe(300);
    await seedBulk(pool, { commitments: 350, reviewIntervalDays: 90, batchSize: 100 });
    expect(await count('commitment')).toBe(350);
  });

  it('writes batches on several connections at once, the same commitments as one', async () => {
    await pool.query('TRUNCATE commitment CASCADE');
    const progress: number[] = [];
    await seedBulk(pool, {
      commitments: 400,
      reviewIntervalDays: 90,
      batchSize: 100,
      workers: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(progress.sort((a, b) => a - b)).toEqual([100, 200, 300, 400]);
    const { rows } = await pool.query<{ slugs: number; lineage: number }>(`
      SELECT count(DISTINCT slug)::int AS slugs,
             (SELECT count(*)::int FROM commitment_lineage) AS lineage
      FROM commitment WHERE slug ~ '^bulk-commitment-([1-9][0-9]?|[1-3][0-9]{2}|400)$'`);
    expect(rows[0]).toEqual({ slugs: 400, lineage: 80 });
  });
});
