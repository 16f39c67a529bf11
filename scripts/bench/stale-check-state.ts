import pg from 'pg';
import { REVIEW_DUE_HISTORY, staleAsOf } from '../../src/seed/bulk-staleness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Defined starting points for timing stale-check on a bulk database, whatever earlier runs left.
 * Each ends with VACUUM ANALYZE and a CHECKPOINT, so the timed run neither cleans up after the
 * preparation nor writes its dirty pages.
 */
export class StaleCheckState {
  constructor(
    private readonly databaseUrl: string,
    private readonly reviewIntervalDays: number,
  ) {}

  /**
   * The daily case: the flags (with their OPEN reminder and delivered notification) that
   * stale-check's rule gives as of a day ago, so a run now flags what fell due since. Only the
   * differences are written: the flags and reminders of what fell due later, the closed
   * reminders of a catch-up, and what fell due by then but is not flagged (data seeded earlier,
   * or cleared for a catch-up). Flags already right keep their timestamps, which the job ignores.
   */
  daily(): Promise<void> {
    const checkedAt = `'${new Date(Date.now() - DAY_MS).toISOString()}'::timestamptz`;
    const staleness = staleAsOf(checkedAt, this.reviewIntervalDays);
    return this.prepare([
      `DELETE FROM reminder r USING commitment c
       WHERE r.commitment_id = c.id AND r.kind = 'REVIEW_DUE'
         AND (r.state <> 'OPEN' OR NOT ${staleness.isStale})`,
      `UPDATE commitment c SET stale_since = NULL
       WHERE c.stale_since IS NOT NULL AND NOT ${staleness.isStale}`,
      `WITH flagged AS (
         UPDATE commitment c SET stale_since = ${staleness.flaggedAt}
         WHERE c.stale_since IS NULL AND ${staleness.isStale}
         RETURNING c.id, ${staleness.dueAt} AS due_at, c.stale_since
       ), ${REVIEW_DUE_HISTORY}`,
    ]);
  }

  /**
   * The catch-up case: no commitment flagged, as after the job was off for a long time; the
   * REVIEW_DUE reminders are closed, not deleted, since a live database keeps its reminder
   * history (an emptied table would also mislead the plan PostgreSQL caches for the foreign-key
   * check of each new notification: a sequential scan, kept while the table grows).
   */
  allCleared(): Promise<void> {
    return this.prepare([
      `UPDATE reminder SET state = 'DONE', closed_at = now(), updated_at = now()
       WHERE kind = 'REVIEW_DUE' AND state = 'OPEN'`,
      'UPDATE commitment SET stale_since = NULL WHERE stale_since IS NOT NULL',
    ]);
  }

  private async prepare(statements: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
      await client.query('VACUUM ANALYZE commitment, reminder, notification, notification_attempt');
      await client.query('CHECKPOINT');
    } finally {
      await client.end();
    }
  }
}
