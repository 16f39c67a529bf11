import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { AppInstance, freePort } from '../scripts/support/instances.js';
import { bearer } from './support/staff.js';
import { createCommitment } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ROUNDS = 25;

/** One instance in this process (it writes), two built app processes (they read). */
describe('public answer cache across three instances: no stale answer after a write', () => {
  let writer: TestApp;
  let readers: AppInstance[];
  let editor: string;
  let commitment: { id: string; slug: string; etag: string };
  beforeAll(async () => {
    writer = await createTestApp();
    const env = {
      DATABASE_URL: writer.database.url,
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      JOBS_SCHEDULE_ENABLED: 'false',
      RATE_LIMIT_MAX: '1000000',
      DB_POOL_SIZE: '4',
      // The machine may be busy with other test files: a slow connection is not what is tested.
      DB_CONNECT_TIMEOUT_MS: '20000',
    };
    readers = [new AppInstance(await freePort(), env), new AppInstance(await freePort(), env)];
    await Promise.all(readers.map((reader) => reader.start()));
    editor = await bearer(writer, 'editor');
    commitment = await createCommitment(writer, editor, { title: 'Open a joint lab' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.stop()));
    await writer.close();
  });

  const read = async (reader: AppInstance, path: string) => {
    const response = await fetch(`http://127.0.0.1:${reader.port}${path}`);
    const text = await response.text();
    expect({ path, status: response.status, text: response.ok ? '' : text }).toEqual({
      path,
      status: 200,
      text: '',
    });
    return { etag: response.headers.get('etag'), text };
  };

  /** What each reader shows after the write was acknowledged: read at once, on both. */
  const readAll = (reader: AppInstance) =>
    Promise.all([
      read(reader, `/api/v1/commitments/${commitment.slug}`),
      read(reader, '/api/v1/commitments'),
      read(reader, '/api/v1/stats'),
      read(reader, `/commitments/${commitment.slug}`),
    ]).then(([detail, list, stats, page]) => ({ detail, list, stats, page }));

  it('serves every read after an acknowledged write with that write, on every instance', async () => {
    let before = await Promise.all(readers.map(readAll));
    let etag = commitment.etag;
    for (let round = 1; round <= ROUNDS; round++) {
      const status = round % 2 ? 'IN_PROGRESS' : 'STALLED';
      const written = await request(writer.http)
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set('Authorization', editor)
        .set('If-Match', etag)
        .send({ status, progress: round, note: `Round ${round}.` })
        .expect(201);
      etag = written.headers.etag;
      const after = await Promise.all(readers.map(readAll));
      for (const [index, seen] of after.entries()) {
        expect(seen.detail.etag).toBe(etag);
        expect(JSON.parse(seen.detail.text)).toMatchObject({ status, progress: round });
        expect(JSON.parse(seen.list.text).data[0]).toMatchObject({ slug: commitment.slug, status });
        expect(seen.stats.etag).not.toBe(before[index].stats.etag);
        expect(seen.page.etag).not.toBe(before[index].page.etag);
      }
      before = after;
    }
  }, 120_000);

  it('moves the version when a job changes what the public sees', async () => {
    const before = await read(readers[0], '/api/v1/stats');
    const admin = await bearer(writer, 'admin');
    const run = await request(writer.http)
      .post('/api/v1/jobs/stale-check/run')
      .set('Authorization', admin)
      .expect(200);
    expect(run.body.counts.flagged).toBeGreaterThan(0);
    const after = await read(readers[0], '/api/v1/stats');
    expect(JSON.parse(after.text).stale).toBe(
      JSON.parse(before.text).stale + run.body.counts.flagged,
    );
  });

  it('has the version trigger on every table but those no public answer shows', async () => {
    const client = new pg.Client({ connectionString: writer.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table: string }>(`
        SELECT c.relname AS "table" FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND NOT EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid
                          AND t.tgname = c.relname || '_public_data_version')
        ORDER BY 1`);
      // A new table whose rows a public answer shows needs the trigger (see the migration).
      expect(rows.map((row) => row.table)).toEqual([
        '_prisma_migrations',
        'api_key',
        'audit_entry',
        // Changed only by the commitment's triggers, with the commitment (search_terms migration).
        'commitment_search_term',
        'idempotency_record',
        'job_run',
        'mail',
        'mail_attempt',
        'notification',
        'notification_attempt',
        'public_data_version',
        'rate_limit_counter',
        'reminder',
        'staff_session',
        'staff_user',
        'subscription',
        'webhook_delivery',
        'webhook_endpoint',
        'webhook_event',
      ]);
    } finally {
      await client.end();
    }
  });

  it('answers repeat reads from memory: a change made without the triggers is not seen', async () => {
    const path = `/api/v1/commitments/${commitment.slug}`;
    const cached = await read(readers[1], path);
    expect((await read(readers[1], path)).text).toBe(cached.text);
    const client = new pg.Client({ connectionString: writer.database.url });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE commitment SET title = 'Changed behind its back' WHERE id = $1`, [
        commitment.id,
      ]);
    } finally {
      await client.end();
    }
    expect((await read(readers[1], path)).text).toBe(cached.text);
    expect((await read(readers[1], '/api/v1/commitments?limit=1')).text).toContain(
      'Changed behind its back',
    );
  });
});
