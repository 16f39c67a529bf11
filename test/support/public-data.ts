import type { Prisma } from '../../src/generated/prisma/client.js';
import { statementsOf } from './query-plans.js';
import type { TestApp } from './test-app.js';

/** Puts a commitment into the state a test needs, bypassing the staff API. */
export async function setCommitment(
  t: TestApp,
  slug: string,
  data: Prisma.CommitmentUpdateInput,
): Promise<void> {
  await t.prisma.commitment.update({ where: { slug }, data });
}

/**
 * Adds `count` public commitments to a new event `eventSlug` in one generate_series statement.
 * Every row shares updated_at, made_on, target date and title, so every order of the listing ties
 * on everything but the id.
 */
export async function addTiedCommitments(
  t: TestApp,
  eventSlug: string,
  count: number,
): Promise<void> {
  await t.prisma.$executeRawUnsafe(
    `INSERT INTO event (slug, title, held_on) VALUES ($1::text, $1::text, '2024-05-01')`,
    eventSlug,
  );
  await t.prisma.$executeRawUnsafe(
    `INSERT INTO commitment (slug, title, event_id, made_on, target_date, updated_at)
     SELECT $1::text || '-' || n, 'Tied pledge', (SELECT id FROM event WHERE slug = $1::text),
       '2024-05-01', '2025-01-01', '2024-05-02T00:00:00Z'
     FROM generate_series(1, $2::int) AS n`,
    eventSlug,
    count,
  );
}

/** Counts the SQL statements `run` sends to PostgreSQL, as `statementsOf` lists them. */
export async function countStatements<T>(
  run: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  let result: T | undefined;
  const statements = await statementsOf(async () => {
    result = await run();
  });
  return { result: result as T, statements: statements.length };
}
