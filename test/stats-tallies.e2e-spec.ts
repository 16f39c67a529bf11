import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { seedBulk } from '../src/seed/bulk-seeder.js';
import {
  countedStatsSql,
  TALLIED_STATS_SQL,
  type StatusRow,
  type ThemeStatusRow,
} from '../src/stats/stats.repository.js';
import { toStats, type Stats } from '../src/stats/stats.service.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { itOnPostgresServer, JOIN, withPlansShown } from './support/trigger-plans.js';

/**
 * The tallies behind the unfiltered /stats are kept by triggers: after every kind of write —
 * API, jobs, bulk SQL, deletes, concurrent writers — they must equal a count of the rows.
 */
describe('stats tallies', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let admin: string;
  let editor: string;
  beforeAll(async () => {
    // Twenty writers queue on the embedded database's one connection; on a loaded machine
    // they wait longer than the default bound (test/database-outage covers that bound).
    t = await createTestApp({ env: { DB_CONNECT_TIMEOUT_MS: '30000' } });
    pool = new pg.Pool({ connectionString: t.database.url, max: 1 });
    admin = await bearer(t, 'admin');
    editor = await bearer(t, 'editor');
  });
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  async function stats([statusSql, themeSql]: [Prisma.Sql, Prisma.Sql]): Promise<Stats> {
    const [statusRows, themeRows] = await Promise.all([
      t.prisma.$queryRaw<StatusRow[]>(statusSql),
      t.prisma.$queryRaw<ThemeStatusRow[]>(themeSql),
    ]);
    return toStats(statusRows, themeRows);
  }

  /** The tallied stats, the counted ones and the public endpoint all agree; returns them. */
  async function expectTalliesMatchCounts(): Promise<Stats> {
    const counted = await stats(countedStatsSql({}));
    expect(await stats(TALLIED_STATS_SQL)).toEqual(counted);
    const served = await request(t.http).get('/api/v1/stats').expect(200);
    expect(served.body).toEqual(counted);
    return counted;
  }

  async function recordUpdate(id: string, status: string): Promise<request.Response> {
    const current = await request(t.http).get(`/api/v1/commitments/${id}`).expect(200);
    return request(t.http)
      .post(`/api/v1/commitments/${id}/updates`)
      .set('Authorization', editor)
      .set('If-Match', current.headers.etag)
      .send({ status, note: 'Readout of the follow-up meeting.', effectiveOn: '2022-03-01' });
  }

  it('start from the seeded dialogue and follow a bulk load', async () => {
    const seeded = await expectTalliesMatchCounts();
    expect(seeded.total).toBeGreaterThan(0);
    await seedBulk(pool, { commitments: 240, batchSize: 100, reviewIntervalDays: 90 });
    const loaded = await expectTalliesMatchCounts();
    expect(loaded.total).toBe(seeded.total + 240);
    expect(loaded.stale).toBeGreaterThan(0);
    expect(loaded.overdue).toBeGreaterThan(0);
  });

  it('follow the staff API: create, status updates, theme changes, archive', async () => {
    const before = await expectTalliesMatchCounts();
    const created = await createCommitment(t, editor, {
      themes: ['supply-chain-security', 'climate-environment'],
      targetDate: '2022-01-31',
    });
    const afterCreate = await expectTalliesMatchCounts();
    expect(afterCreate.total).toBe(before.total + 1);
    expect(afterCreate.overdue).toBe(before.overdue + 1);

    await recordUpdate(created.id, 'FULFILLED').then((r) => expect(r.status).toBe(201));
    const fulfilled = await expectTalliesMatchCounts();
    expect(fulfilled.byStatus.FULFILLED).toBe(afterCreate.byStatus.FULFILLED + 1);
    expect(fulfilled.overdue).toBe(before.overdue);

    const current = await request(t.http).get(`/api/v1/commitments/${created.id}`).expect(200);
    await request(t.http)
      .patch(`/api/v1/commitments/${created.id}`)
      .set('Authorization', editor)
      .set('If-Match', current.headers.etag)
      .send({ themes: ['culture-exchange'], targetDate: null })
      .expect(200);
    await expectTalliesMatchCounts();

    const latest = await request(t.http).get(`/api/v1/commitments/${created.id}`).expect(200);
    await request(t.http)
      .delete(`/api/v1/commitments/${created.id}`)
      .set('Authorization', admin)
      .set('If-Match', latest.headers.etag)
      .expect(204);
    expect((await expectTalliesMatchCounts()).total).toBe(before.total);
  });

  it('follow stale-check and a review that clears the flag', async () => {
    const before = await expectTalliesMatchCounts();
    setNow(t, '2031-01-01T00:00:00Z');
    const run = await runJob(t, 'stale-check', admin);
    expect(run.counts.flagged).toBeGreaterThan(0);
    const flagged = await expectTalliesMatchCounts();
    expect(flagged.stale).toBe(before.stale + run.counts.flagged);

    const { body } = await request(t.http)
      .get('/api/v1/commitments?stale=true&limit=1')
      .expect(200);
    const [commitment] = body.data as { id: string; version: number }[];
    await request(t.http)
      .post(`/api/v1/commitments/${commitment.id}/reviews`)
      .set('Authorization', editor)
      .set('If-Match', `"${commitment.version}"`)
      .send({ note: 'Checked: nothing new.' })
      .expect(201);
    expect((await expectTalliesMatchCounts()).stale).toBe(flagged.stale - 1);
  });

  it('follow bulk SQL: target dates, theme links moved, commitments deleted', async () => {
    await pool.query(`UPDATE commitment SET target_date = made_on + 1
                      WHERE slug LIKE 'bulk-commitment-%' AND status = 'STALLED'`);
    await expectTalliesMatchCounts();
    // Overdue sums whole months from one tally and this month's days from another.
    await pool.query(`UPDATE commitment SET target_date = date_trunc('month', CURRENT_DATE)::date
                      WHERE slug LIKE 'bulk-commitment-3%' AND status IN ('NOT_STARTED', 'STALLED')`);
    await expectTalliesMatchCounts();
    await pool.query(`UPDATE commitment_theme SET theme_id = (SELECT id FROM theme WHERE slug = 'bulk-theme-1')
                      WHERE theme_id = (SELECT id FROM theme WHERE slug = 'bulk-theme-2')`);
    await expectTalliesMatchCounts();
    await pool.query(`UPDATE commitment SET archived = true WHERE slug LIKE 'bulk-commitment-1%'`);
    await expectTalliesMatchCounts();
    // Timelines and assessments are append-only (their foreign keys restrict): commitments made
    // here with neither are the ones deleted.
    await pool.query(`INSERT INTO commitment (slug, title, event_id, made_on, status, target_date)
                      SELECT 'deletable-' || g, 'Deletable ' || g, (SELECT id FROM event LIMIT 1),
                             DATE '2021-12-23', 'IN_PROGRESS', DATE '2030-06-30'
                      FROM generate_series(1, 5) g`);
    await pool.query(`INSERT INTO commitment_theme (commitment_id, theme_id)
                      SELECT c.id, t.id FROM commitment c, theme t
                      WHERE c.slug LIKE 'deletable-%' AND t.slug = 'bulk-theme-1'`);
    const before = await expectTalliesMatchCounts();
    const { count } = await t.prisma.commitment.deleteMany({
      where: { slug: { startsWith: 'deletable-' } },
    });
    const after = await expectTalliesMatchCounts();
    expect(count).toBe(5);
    expect(after.total).toBe(before.total - 5);
  });

  it('stay exact under concurrent writers', async () => {
    const { body } = await request(t.http)
      .get('/api/v1/commitments?status=NOT_STARTED,IN_PROGRESS&limit=20')
      .expect(200);
    const ids = (body.data as { id: string }[]).map((c) => c.id);
    expect(ids).toHaveLength(20);
    const statuses = ['STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BROKEN'];
    const responses = await Promise.all(
      ids.map((id, i) => recordUpdate(id, statuses[i % statuses.length])),
    );
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 201));
    await expectTalliesMatchCounts();
  });

  // PL/pgSQL keeps the plan a statement got at its first run in the session: the plan made for
  // a small UPDATE is the one a large UPDATE gets later, so the trigger joins no two transition
  // tables (a nested loop over both grows with the square of the rows).
  itOnPostgresServer(
    'join no transition tables, whatever size the first UPDATE of a session had',
    async () => {
      const { plans } = await withPlansShown(t.database.url, async (client) => {
        await client.query('UPDATE commitment SET version = version + 1 WHERE false');
        await client.query('UPDATE commitment SET stale_since = now() WHERE stale_since IS NULL');
      });
      const triggerPlans = plans.filter(
        (plan) => plan.includes('old_rows') && plan.includes('new_rows'),
      );
      expect(triggerPlans).toHaveLength(2);
      for (const plan of triggerPlans) expect(plan).not.toMatch(JOIN);
    },
  );
});
