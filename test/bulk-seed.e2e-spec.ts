import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applyMigrations } from '../src/database/migrations/migrations.js';
import { seedBulk } from '../src/seed/bulk-seeder.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('bulk seed (npm run seed:bulk)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await applyMigrations(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async (table: string): Promise<number> =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('writes N commitments in batches with about 10 updates and 3 evidence links each', async () => {
    const progress: number[] = [];
    await seedBulk(pool, {
      commitments: 300,
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
  });

  it('is resumable: a larger N adds only the missing commitments', async () => {
    await seedBulk(pool, { commitments: 300 });
    expect(await count('commitment')).toBe(300);
    await seedBulk(pool, { commitments: 350, batchSize: 100 });
    expect(await count('commitment')).toBe(350);
  });
});
