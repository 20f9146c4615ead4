/**
 * What code outside the engine may do with a PostgresStore transaction, as one typed capability:
 * run SQL in it (so its writes commit or roll back with the engine's change), see what the change
 * did, and know who the journal names for it. The engine's SessionTransaction stays free of SQL;
 * `sqlCapabilityOf` is the one place that tells a SQL transaction from another store's.
 */
import type { InstanceStatus, SessionTransaction } from '@/lib/triggers';
import type { Database } from '../client';
import { PostgresTransaction, SQL_TRANSACTION } from './transaction';

/** A Drizzle transaction (or savepoint) handle: statements run through it join the transaction. */
export type SqlExecutor = Parameters<Parameters<Database['transaction']>[0]>[0];

/** One instance an operation changed: its status before (null when it created it) and after. */
export interface InstanceChange {
  name: string;
  task: string;
  from: InstanceStatus | null;
  to: InstanceStatus;
}

export interface SqlTransactionCapability {
  /**
   * Runs SQL inside the transaction (inside the current savepoint while one is open): what it
   * writes commits or rolls back with the engine's change, e.g. a queue job or an audit row.
   */
  readonly executor: SqlExecutor;
  /** Who the session journal names for this transaction's changes (see PostgresStoreOptions). */
  readonly actor: string;
  /** The instances changed so far in this transaction (not yet written). */
  changes(): InstanceChange[];
}

/**
 * The SQL capability of a store transaction (a runner's `DispatchContext.transaction`), or null
 * when the store is not a PostgresStore (MemoryStore).
 *
 * @example
 * const sql = sqlCapabilityOf(context.transaction);
 * if (sql) await addQueueJob(sql.executor, 'run_instance', payload);
 */
export function sqlCapabilityOf(tx: SessionTransaction | null | undefined): SqlTransactionCapability | null {
  // A brand, not `instanceof`: a Next.js server bundles this module once per entry, and the app's
  // engine (made at boot, in instrumentation's copy) reaches route code holding another copy.
  return tx instanceof PostgresTransaction || (tx as Partial<Record<symbol, unknown>> | null | undefined)?.[SQL_TRANSACTION] === true
    ? (tx as unknown as SqlTransactionCapability)
    : null;
}
