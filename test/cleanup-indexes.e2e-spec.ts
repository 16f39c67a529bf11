import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runJob, setNow } from './support/jobs.js';
import { planOf, statementsOf, tableAccess, type Statement } from './support/query-plans.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BULK_ROWS = 3_000;
const NOW = '2024-06-01T00:00:00.000Z';

/**
 * cleanup's statements, planned by PostgreSQL over 3,000 rows in each table in the state a daily
 * run meets (a day's worth expired, the rest kept): each finds its batch through an index on the
 * time rows expire by and deletes by primary key, never reading a whole table. A larger table
 * only makes a sequential scan costlier, so the plans hold for more rows.
 */
describe('cleanup deletes through indexes', () => {
  let t: TestApp;
  let explainer: pg.Client;
  let statements: Statement[];
  let counts: Record<string, number>;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        JOB_BATCH_SIZE: '100',
        JOB_RUN_RETENTION_DAYS: '30',
        NOTIFICATION_RETENTION_DAYS: '90',
      },
    });
    const admin = await bearer(t, 'admin');
    // Fixtures through a connection of the test's own: the app's statement timeout is for
    // requests, not for writing thousands of rows on a busy machine.
    explainer = new pg.Client({ connectionString: t.database.url });
    await explainer.connect();
    // Row n is (n - 1440) minutes and 30 seconds past the table's cutoff: rows 1 to 1,440, a
    // day's worth, are past it; the others are kept for up to six more days.
    const at = (cutoff: string) =>
      `(timestamptz '${NOW}' - interval '${cutoff}' + (n - 1440) * interval '1 minute' - interval '30 seconds')`;
    await explainer.query(`
      INSERT INTO idempotency_record (api_key_id, key, request_hash, state, created_at, expires_at)
      SELECT (SELECT id FROM api_key LIMIT 1), 'key-' || n, repeat('a', 64), 'COMPLETED',
        ${at('1 day')}, ${at('0 days')}
      FROM generate_series(1, ${BULK_ROWS}) AS n`);
    await explainer.query(`
      INSERT INTO job_run (name, trigger, started_at, finished_at, outcome)
      SELECT 'dispatch-notifications', 'SCHEDULE', ${at('30 days')}, ${at('30 days')}, 'SUCCEEDED'
      FROM generate_series(1, ${BULK_ROWS}) AS n`);
    await explainer.query(`
      INSERT INTO reminder (commitment_id, kind, due_at)
      SELECT id, 'CUSTOM', timestamptz '${NOW}' FROM commitment LIMIT 1`);
    await explainer.query(`
      WITH sent AS (
        INSERT INTO notification (reminder_id, state, attempt_count, next_attempt_at,
          delivered_at, finished_at, created_at)
        SELECT (SELECT id FROM reminder LIMIT 1), 'DELIVERED', 1, ${at('90 days')},
          ${at('90 days')}, ${at('90 days')}, ${at('90 days')}
        FROM generate_series(1, ${BULK_ROWS}) AS n
        RETURNING id, finished_at
      )
      INSERT INTO notification_attempt (notification_id, attempted_at, channel, succeeded, duration_ms)
      SELECT id, finished_at, 'log', true, 0 FROM sent`);
    await explainer.query(`
      WITH endpoint AS (
        INSERT INTO webhook_endpoint (url, event_types, secret)
        VALUES ('https://receiver.example.org/', ARRAY['evidence.linked'], 's') RETURNING id
      ),
      events AS (
        INSERT INTO webhook_event (type, payload, created_at)
        SELECT 'evidence.linked', '{}', ${at('90 days')} FROM generate_series(1, ${BULK_ROWS}) AS n
        RETURNING id, created_at
      )
      INSERT INTO webhook_delivery (event_id, endpoint_id, state, attempt_count, finished_at, created_at)
      SELECT events.id, endpoint.id, 'DELIVERED', 1, events.created_at, events.created_at
      FROM events, endpoint`);
    await explainer.query('VACUUM ANALYZE');
    setNow(t, NOW);
    statements = (
      await statementsOf(async () => {
        counts = (await runJob(t, 'cleanup', admin)).counts;
      })
    ).filter((statement) => /DELETE FROM/.test(statement.text));
  });
  afterAll(async () => {
    await explainer.end();
    await t.close();
  });

  it('deletes the rows past their time, in batches', () => {
    expect(counts).toEqual({
      idempotencyRecordsDeleted: 1440,
      jobRunsDeleted: 1440,
      notificationsDeleted: 1440,
      notificationAttemptsDeleted: 1440,
      webhookEventsDeleted: 1440,
      webhookDeliveriesDeleted: 1440,
      mailsDeleted: 0,
    });
    // Per table 14 full batches and the short one that ends the loop; no mail to delete.
    expect(statements).toHaveLength(4 * 15 + 1);
  });

  it.each([
    ['idempotency_record', ['idempotency_record_expires_at_idx', 'Tid Scan']],
    ['job_run', ['job_run_started_at_id_idx', 'job_run_pkey']],
    ['notification', ['notification_finished_at_idx', 'notification_pkey']],
    ['notification_attempt', ['notification_attempt_notification_id_attempted_at_idx']],
    ['webhook_event', ['webhook_event_created_at_idx', 'webhook_event_pkey']],
    // The pending ones (a few) through their partial index, to keep their events.
    [
      'webhook_delivery',
      ['webhook_delivery_event_id_endpoint_id_key', 'webhook_delivery_pending_due_idx'],
    ],
  ])('finds the batch of %s and deletes it through %j', async (table, access) => {
    const statement = statements.find((s) => s.text.includes(`DELETE FROM ${table} `))!;
    expect(tableAccess(await planOf(explainer, statement), table).sort()).toEqual(
      [...access].sort(),
    );
  });
});
