import { it } from '@jest/globals';
import pg from 'pg';
import { serverUrl } from './test-database.js';

/** auto_explain, which shows the plans of statements run inside triggers, is a server module. */
export const itOnPostgresServer = serverUrl() ? it : it.skip;

/**
 * Runs `work` in one session and a transaction rolled back afterwards, and gives what it
 * returned with the plan of every statement run meanwhile, triggers' statements included.
 */
export async function withPlansShown<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<{ plans: string[]; result: T }> {
  const client = new pg.Client({ connectionString: url });
  const plans: string[] = [];
  client.on('notice', (notice) => plans.push(notice.message ?? ''));
  await client.connect();
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query('SET auto_explain.log_min_duration = 0');
    await client.query('SET auto_explain.log_nested_statements = on');
    await client.query('SET auto_explain.log_level = notice');
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('ROLLBACK');
    return { plans, result };
  } finally {
    await client.end();
  }
}

/** A plan that joins two inputs, by any method. */
export const JOIN = /Nested Loop|Hash Join|Merge Join/;
