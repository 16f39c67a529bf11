import type pg from 'pg';
import { REVIEW_DUE_HISTORY, staleAsOf } from './bulk-staleness.js';

export interface BulkSeedOptions {
  commitments: number;
  /** Commitments written per transaction: memory and transaction size stay constant. */
  batchSize?: number;
  /** Batches written at once, each on a connection of the pool of its own (default 1). */
  workers?: number;
  /** The default review interval (REVIEW_INTERVAL_DAYS) the stale flags follow. */
  reviewIntervalDays: number;
  /** When stale-check last ran over the data: the flags are what it left (default: a day ago). */
  staleCheckedAt?: Date;
  onProgress?: (done: number) => void;
}

const PARTIES = 40;
const THEMES = 24;
const COMMITMENTS_PER_EVENT = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

const WORDS = [
  'supply',
  'chain',
  'climate',
  'emissions',
  'culture',
  'exchange',
  'summit',
  'peace',
  'denuclearization',
  'trade',
  'semiconductor',
  'energy',
  'health',
  'education',
  'fisheries',
  'tourism',
  'investment',
  'customs',
  'maritime',
  'security',
  'visa',
  'youth',
  'science',
  'water',
];
const wordsSql = `ARRAY[${WORDS.map((word) => `'${word}'`).join(',')}]`;
/**
 * A deterministic pseudo-random word for row g and salt s (SQL expression). The product wraps
 * below 2^31 (a million rows overflow int4) and is unchanged where it did not overflow.
 */
const word = (g: string, salt: number) =>
  `(${wordsSql})[1 + abs(hashint4(((${g})::bigint * ${salt + 7919} % 2147483647)::int) % ${WORDS.length})]`;

/** Reference rows: the parties, themes and events the bulk commitments hang on. */
async function seedReferenceRows(client: pg.PoolClient, commitments: number): Promise<void> {
  const events = Math.max(1, Math.ceil(commitments / COMMITMENTS_PER_EVENT));
  await client.query(`
    INSERT INTO party (code, name)
    SELECT 'B' || lpad(g::text, 3, '0'), 'Bulk party ' || g
    FROM generate_series(1, ${PARTIES}) g
    ON CONFLICT (code) DO NOTHING`);
  await client.query(`
    INSERT INTO party_translation (party_id, language, name, translator)
    SELECT p.id, names.language, names.prefix || substr(p.code, 2)::int, 'Bulk seeder'
    FROM party p, (VALUES ('ko', '당사자 '), ('zh', '缔约方 ')) names (language, prefix)
    WHERE p.code ~ '^B[0-9]{3}$'
    ON CONFLICT DO NOTHING`);
  await client.query(`
    INSERT INTO theme (slug, name, description)
    SELECT 'bulk-theme-' || g, initcap(${word('g', 1)}) || ' ' || g, 'Generated theme ' || g
    FROM generate_series(1, ${THEMES}) g
    ON CONFLICT (slug) DO NOTHING`);
  await client.query(`
    INSERT INTO event (slug, title, held_on, format, location, participants, source_url)
    SELECT 'bulk-event-' || g, 'Bulk dialogue ' || g, DATE '2015-01-01' + (g % 3650),
           CASE WHEN g % 3 = 0 THEN 'virtual' ELSE 'in-person' END, 'City ' || (g % 97),
           ARRAY['Delegate A' || g, 'Delegate B' || g], 'https://example.org/events/' || g
    FROM generate_series(1, ${events}) g
    ON CONFLICT (slug) DO NOTHING`);
}

/**
 * One batch of commitments [from, to], with their parties, themes, timeline, evidence,
 * assessments and lineage.
 */
async function seedBatch(
  client: pg.PoolClient,
  from: number,
  to: number,
  staleness: ReturnType<typeof staleAsOf>,
): Promise<void> {
  await client.query('BEGIN');
  await client.query(`
    CREATE TEMP TABLE batch ON COMMIT DROP AS
    SELECT c.*, ${staleness.dueAt} AS due_at,
           CASE WHEN ${staleness.isStale} THEN ${staleness.flaggedAt} END AS stale_since
    FROM (
      SELECT g, gen_random_uuid() AS id, status, e.id AS event_id, e.held_on AS made_on,
             now() - make_interval(mins => abs(hashint4(g * 5) % (400 * 24 * 60))) AS last_reviewed_at,
             CASE WHEN g % 7 = 0 THEN 30 END AS review_interval_days, false AS archived
      FROM generate_series(${from}, ${to}) g
      CROSS JOIN LATERAL (
        SELECT (ARRAY['NOT_STARTED','IN_PROGRESS','STALLED','PARTIALLY_FULFILLED','FULFILLED','BROKEN'])
                 [1 + abs(hashint4(g) % 6)]::"CommitmentStatus" AS status
      ) s
      JOIN event e ON e.slug = 'bulk-event-' || (1 + (g - 1) / ${COMMITMENTS_PER_EVENT})
      -- Not those the last batch of an earlier, smaller seed wrote.
      WHERE NOT EXISTS (SELECT 1 FROM commitment x WHERE x.slug = 'bulk-commitment-' || g)
    ) c`);
  await client.query(`
    INSERT INTO commitment (id, slug, title, summary, quote, event_id, made_on, target_date, status,
                            progress, last_reviewed_at, stale_since, review_interval_days, updated_at)
    SELECT b.id, 'bulk-commitment-' || b.g,
           initcap(${word('b.g', 2)}) || ' ' || ${word('b.g', 3)} || ' pledge ' || b.g,
           'Cooperation on ' || ${word('b.g', 4)} || ' and ' || ${word('b.g', 5)} || '.',
           'Both sides agreed to strengthen ' || ${word('b.g', 6)} || ' cooperation.',
           b.event_id, b.made_on,
           CASE WHEN b.g % 4 = 0 THEN NULL ELSE b.made_on + 30 + abs(hashint4(b.g) % 2000) END,
           b.status,
           CASE b.status WHEN 'NOT_STARTED' THEN NULL WHEN 'FULFILLED' THEN 100
                         ELSE abs(hashint4(b.g * 3) % 100) END,
           b.last_reviewed_at, b.stale_since, b.review_interval_days,
           now() - make_interval(secs => b.g % 100000)
    FROM batch b`);
  await client.query(`
    WITH flagged AS (SELECT id, due_at, stale_since FROM batch WHERE stale_since IS NOT NULL),
    ${REVIEW_DUE_HISTORY}`);
  await client.query(`
    INSERT INTO commitment_party (commitment_id, party_id, role)
    SELECT b.id, p.id, r.role::"PartyRole"
    FROM batch b
    CROSS JOIN LATERAL (VALUES ('PLEDGING', 1 + b.g % ${PARTIES}),
                               ('COUNTERPART', 1 + (b.g + 7) % ${PARTIES})) r(role, n)
    JOIN party p ON p.code = 'B' || lpad(r.n::text, 3, '0')`);
  await client.query(`
    INSERT INTO commitment_theme (commitment_id, theme_id)
    SELECT DISTINCT b.id, t.id
    FROM batch b
    CROSS JOIN LATERAL (VALUES (1 + b.g % ${THEMES}), (1 + (b.g * 5) % ${THEMES})) n(n)
    JOIN theme t ON t.slug = 'bulk-theme-' || n.n
    WHERE n.n = 1 + b.g % ${THEMES} OR b.g % 2 = 0`);
  // About ten timeline entries per commitment (0 to 20).
  await client.query(`
    INSERT INTO status_update (commitment_id, from_status, to_status, progress, note, effective_on,
                               recorded_at, actor)
    SELECT b.id, 'NOT_STARTED', b.status, NULL, 'Bulk update ' || s || ' on ' || ${word('b.g + s', 8)},
           DATE '2016-01-01' + s * 30, now() - make_interval(days => 400 - s * 10), 'bulk-seed'
    FROM batch b
    CROSS JOIN LATERAL generate_series(1, abs(hashint4(b.g * 11) % 21)) s`);
  // Three evidence links per commitment, over a shared pool of articles.
  await client.query(`
    INSERT INTO evidence (url, title, publisher, published_on, language, excerpt)
    SELECT 'https://example.org/articles/' || g, 'Report on ' || ${word('g', 9)} || ' ' || g,
           'Bulk Publisher ' || (g % 50), DATE '2016-01-01' + (g % 3000), 'en', 'Excerpt ' || g
    FROM generate_series(${from}, ${to}) g
    ON CONFLICT (url) DO NOTHING`);
  await client.query(`
    INSERT INTO commitment_evidence (commitment_id, evidence_id, stance)
    SELECT DISTINCT ON (b.id, ev.id) b.id, ev.id,
           (ARRAY['SUPPORTS','CONTRADICTS','CONTEXT'])[1 + abs(hashint4(b.g + k) % 3)]::"EvidenceStance"
    FROM batch b
    CROSS JOIN generate_series(0, 2) k
    JOIN evidence ev ON ev.url = 'https://example.org/articles/' || (${from} + (b.g - ${from} + k * 37) % (${to} - ${from} + 1))`);
  // Each party of each commitment assessed 0 to 3 times (a quarter of the cells not yet), every
  // assessment resting on one of the commitment's articles.
  await client.query(`
    INSERT INTO assessment (commitment_id, party_id, score, rationale, kind, assessed_on,
                            methodology_version, actor, created_at)
    SELECT b.id, cp.party_id, abs(hashint4(b.g * 13 + k * 3 + cell.n)) % 3 - 1,
           'Bulk assessment ' || k || ' on ' || ${word('b.g + k', 10)},
           (CASE WHEN k = 3 THEN 'FINAL' ELSE 'INTERIM' END)::"AssessmentKind",
           LEAST(b.made_on + k * 90, CURRENT_DATE), '1', 'bulk-seed',
           now() - make_interval(days => 300 - k * 60)
    FROM batch b
    JOIN commitment_party cp ON cp.commitment_id = b.id
    CROSS JOIN LATERAL (SELECT CASE cp.role WHEN 'PLEDGING' THEN 1 ELSE 2 END AS n) cell
    CROSS JOIN LATERAL generate_series(1, abs(hashint4(b.g * 17 + cell.n)) % 4) k`);
  await client.query(`
    INSERT INTO assessment_evidence (assessment_id, evidence_id)
    SELECT a.id, (SELECT ce.evidence_id FROM commitment_evidence ce
                  WHERE ce.commitment_id = a.commitment_id ORDER BY ce.evidence_id LIMIT 1)
    FROM assessment a JOIN batch b ON b.id = a.commitment_id`);
  // Chains of three: every tenth commitment is reaffirmed, superseded or narrowed by the next,
  // and that one by the one after.
  await client.query(`
    INSERT INTO commitment_lineage (later_id, earlier_id, kind)
    SELECT later.id, earlier.id,
           (ARRAY['REAFFIRMS','SUPERSEDES','NARROWS'])[1 + later.g % 3]::"LineageKind"
    FROM batch later JOIN batch earlier ON earlier.g = later.g - 1
    WHERE later.g % 10 IN (2, 3)`);
  await client.query('COMMIT');
}

/** A batch that lost a deadlock (the tally triggers of concurrent batches) is written again. */
async function seedBatchRetrying(
  client: pg.PoolClient,
  from: number,
  to: number,
  staleness: ReturnType<typeof staleAsOf>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seedBatch(client, from, to, staleness);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
    }
  }
}

/**
 * The batches [from, to] of 1..commitments not written yet. Batches start at 1 + k × batchSize
 * and commit whole, so one whose last commitment exists is done, whichever batches around it
 * were written, by how many workers, or interrupted.
 */
async function missingBatches(client: pg.PoolClient, commitments: number, batchSize: number) {
  const { rows } = await client.query<{ from: number }>(
    `SELECT g AS "from" FROM generate_series(1, $1::int, $2::int) g
     WHERE NOT EXISTS (SELECT 1 FROM commitment
                       WHERE slug = 'bulk-commitment-' || least(g + $2::int - 1, $1::int))`,
    [commitments, batchSize],
  );
  return rows.map(({ from }) => ({ from, to: Math.min(from + batchSize - 1, commitments) }));
}

/**
 * Generates a realistic data set of `commitments` pledges, set-based in SQL and batch by batch,
 * so a million rows need no more memory than a thousand. Stale flags, with their reminders and
 * delivered notifications, are those stale-check left at `staleCheckedAt`. Idempotent per index:
 * rerunning with a larger N, or after an interrupted run, adds only the missing commitments.
 */
export async function seedBulk(pool: pg.Pool, options: BulkSeedOptions): Promise<void> {
  const batchSize = options.batchSize ?? 5000;
  const checkedAt = options.staleCheckedAt ?? new Date(Date.now() - DAY_MS);
  const staleness = staleAsOf(
    `'${checkedAt.toISOString()}'::timestamptz`,
    options.reviewIntervalDays,
  );
  const first = await pool.connect();
  let batches: { from: number; to: number }[];
  try {
    await seedReferenceRows(first, options.commitments);
    batches = await missingBatches(first, options.commitments, batchSize);
  } finally {
    first.release();
  }
  let done = options.commitments - batches.reduce((sum, { from, to }) => sum + to - from + 1, 0);
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        await seedBatchRetrying(client, batch.from, batch.to, staleness);
        done += batch.to - batch.from + 1;
        options.onProgress?.(done);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: options.workers ?? 1 }, worker));
  await pool.query('ANALYZE');
}
