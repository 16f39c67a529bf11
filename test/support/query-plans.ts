import { jest } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DATA_VERSION_SQL } from '../../src/common/public-cache/data-version.repository.js';
import { COUNTER_TABLE } from '../../src/database/shared-counter.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  /** With `analyze`: what the node did. */
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** How a plan reads a table: the indexes its scans use, else their kind ('Seq Scan', 'Tid Scan'). */
export function tableAccess(node: PlanNode, table: string): string[] {
  if (node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable') {
    const indexes = indexNames(node);
    return indexes.length ? indexes : [node['Node Type']];
  }
  return (node.Plans ?? []).flatMap((child) => tableAccess(child, table));
}

export const commitmentAccess = (node: PlanNode): string[] => tableAccess(node, 'commitment');

function indexNames(node: PlanNode): string[] {
  return [
    ...(node['Index Name'] ? [node['Index Name']] : []),
    ...(node.Plans ?? []).flatMap(indexNames),
  ];
}

/** The nodes of a plan, depth first. */
export const planNodes = (node: PlanNode): PlanNode[] => [
  node,
  ...(node.Plans ?? []).flatMap(planNodes),
];

export function indexConditions(node: PlanNode): string[] {
  return [
    ...(node['Index Cond'] ? [node['Index Cond']] : []),
    ...(node.Plans ?? []).flatMap(indexConditions),
  ];
}

/**
 * The statements `action` sends to PostgreSQL, as it receives them, over every pooled
 * connection; without the rate limit's counts and the answer cache's version read, which every
 * public request adds.
 */
export async function statementsOf(action: () => Promise<unknown>): Promise<Statement[]> {
  const query = jest.spyOn(pg.Client.prototype, 'query');
  try {
    await action();
    return query.mock.calls
      .map(([config, values]) =>
        typeof config === 'string'
          ? { text: config, values: (values as unknown[]) ?? [] }
          : {
              text: (config as pg.QueryConfig).text,
              values: (config as pg.QueryConfig).values ?? [],
            },
      )
      .filter(
        (statement) =>
          !statement.text.includes(`"${COUNTER_TABLE}"`) && statement.text !== DATA_VERSION_SQL.sql,
      );
  } finally {
    query.mockRestore();
  }
}

/**
 * The plan PostgreSQL makes for a statement (EXPLAIN: nothing runs), or with `analyze` the plan
 * it ran, with the rows each node gave.
 */
export async function planOf(
  client: pg.Client,
  statement: Statement,
  analyze = false,
): Promise<PlanNode> {
  const result = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE' : ''}) ${statement.text}`,
    statement.values,
  );
  return result.rows[0]['QUERY PLAN'][0].Plan;
}

/** The plan of the first statement the app sends to answer a GET of `url` with 200. */
export async function planOfRequest(
  http: Parameters<typeof request>[0],
  explainer: pg.Client,
  url: string,
): Promise<PlanNode> {
  const [statement] = await statementsOf(() => request(http).get(url).expect(200));
  return planOf(explainer, statement);
}
