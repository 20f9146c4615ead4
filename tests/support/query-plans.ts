/**
 * EXPLAIN support for the query-layer tests: record the statements a query function prepares,
 * then read the plan PostgreSQL (or PGlite) would run for exactly that SQL and those parameters.
 */
import type { Sql } from 'postgres';
import type { Database } from '@/lib/db';
import { pgliteClientOf } from '@/lib/db/client';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * The same Database, but every statement it prepares is recorded: the tests EXPLAIN exactly the
 * SQL and parameters the query layer sends. (Drizzle builders and db.execute all go through
 * `session.prepareQuery`.)
 */
export function recording(base: Database): { db: Database; queries: CapturedQuery[] } {
  const queries: CapturedQuery[] = [];
  const inner = (base as unknown as { session: object }).session;
  const session = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'prepareQuery' && typeof value === 'function') {
        return (query: CapturedQuery, ...rest: unknown[]) => {
          queries.push({ sql: query.sql, params: [...query.params] });
          return (value as (...args: unknown[]) => unknown).apply(receiver, [query, ...rest]);
        };
      }
      return value;
    },
  });
  const wrapped = Object.create(base) as Database;
  Object.defineProperty(wrapped, 'session', { value: session });
  return { db: wrapped, queries };
}

export function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/**
 * EXPLAIN (FORMAT JSON) of one captured statement, with sequential scans disabled (SET LOCAL,
 * inside a transaction). With `ordered`, sorts and bitmap scans are disabled too: the plan
 * then shows whether an index can deliver the ORDER BY by itself (a Sort node that remains
 * means none can). On tables this small, cost-based choices between indexes are otherwise a
 * coin toss. Returns every node of the plan, root first.
 */
export async function explain(db: Database, query: CapturedQuery, options: { ordered?: boolean } = {}): Promise<PlanNode[]> {
  const text = `explain (format json) ${query.sql}`;
  const settings = ['set local enable_seqscan = off'];
  if (options.ordered) settings.push('set local enable_sort = off', 'set local enable_bitmapscan = off');
  let rows: Record<string, unknown>[];
  const pglite = pgliteClientOf(db);
  if (pglite) {
    rows = await pglite.transaction(async (tx) => {
      for (const setting of settings) await tx.exec(setting);
      return (await tx.query<Record<string, unknown>>(text, query.params)).rows;
    });
  } else {
    const client = (db as unknown as { $client: Sql }).$client;
    rows = (await client.begin(async (tx) => {
      for (const setting of settings) await tx.unsafe(setting);
      return [...(await tx.unsafe(text, query.params as never[]))];
    })) as Record<string, unknown>[];
  }
  const raw = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const root = parsed[0]?.Plan;
  if (!root) throw new Error(`no plan for ${query.sql}`);
  return flatten(root);
}
