import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { relevanceOrder, sortOrder } from '../src/commitments/commitment-sort.js';
import {
  commitmentDetailSql,
  commitmentPageSql,
} from '../src/commitments/commitments.repository.js';
import { idOrSlugCondition } from '../src/commitments/commitment-filters.js';
import { PG_POOL } from '../src/database/prisma.service.js';
import { queryRows } from '../src/database/raw-query.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import { statsSql } from '../src/stats/stats.repository.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const statements: [string, Prisma.Sql][] = [
  [
    'a page, newest change first',
    commitmentPageSql({ filter: {}, order: sortOrder('-updatedAt'), take: 50 }),
  ],
  [
    'a page by target date',
    commitmentPageSql({ filter: {}, order: sortOrder('targetDate'), take: 50 }),
  ],
  [
    'a filtered, searched page by relevance',
    commitmentPageSql({
      filter: { q: 'climate', status: ['IN_PROGRESS', 'NOT_STARTED'] },
      order: relevanceOrder('climate'),
      take: 50,
    }),
  ],
  ['a detail', commitmentDetailSql(idOrSlugCondition('climate-change-cooperation')!)],
  ['the stats by status', statsSql({})[0]],
  ['the stats by theme', statsSql({})[1]],
];

/** `infinity` dates (the sort key of missing target dates) are invalid Dates either way. */
const comparable = (rows: unknown[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row as object).map(([key, value]) => [
        key,
        value instanceof Date && Number.isNaN(value.getTime()) ? 'invalid date' : value,
      ]),
    ),
  );

/** The hot reads bypass Prisma; their rows must be exactly what Prisma's $queryRaw gives. */
describe('raw reads through the shared pool', () => {
  let t: TestApp;
  let pool: pg.Pool;

  beforeAll(async () => {
    t = await createTestApp();
    pool = t.app.get<pg.Pool>(PG_POOL);
  });

  afterAll(() => t.close());

  it.each(statements)('%s: same rows as $queryRaw', async (_name, sql) => {
    const viaPrisma = await t.prisma.$queryRaw<unknown[]>(sql);
    const raw = await queryRows(pool, sql);
    expect(viaPrisma.length).toBeGreaterThan(0);
    expect(comparable(raw)).toEqual(comparable(viaPrisma));
  });
});
