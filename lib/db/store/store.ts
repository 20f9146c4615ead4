/**
 * The engine's SessionStore on PostgreSQL (PGlite or a server) through Drizzle. Every operation
 * is one transaction that locks the session's row, reads only what the operation needs, and
 * writes all its changes, counters included, in a single statement before commit.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  buildDebugRepr,
  InstanceNotFoundError,
  ReentrantTransactions,
  type DebugRepr,
  type EngineEvent,
  type EventQuery,
  type SessionStore,
  type SessionTransaction,
  type TaskConfig,
  type TaskInstance,
  type TriggerKwargs,
} from '@/lib/triggers';
import type { Database } from '../client';
import { sessionEvents, sessions, sessionTasks, sessionTriggers, taskInstances, type SessionRow } from '../schema';
import type { SqlExecutor, SqlTransactionCapability } from './capability';
import { rowToEvent, rowToInstance, rowToTask } from './rows';
import { PostgresTransaction } from './transaction';

export interface PostgresStoreOptions {
  /** Who the journal says made this store's changes (default `system`). */
  actor?: string;
  /** `false` writes no journal events (the benchmark's baseline; a journal-less session cannot be replayed). */
  journal?: boolean;
  /**
   * The one operation this store is made for (e.g. an audited change): the first transaction the
   * store begins is journaled as `actor`, and runs `beforeCommit` just before it commits, so what
   * the hook writes through `tx.executor` commits or rolls back with the change. The store's later
   * transactions (an in-process runner's run of a clone) are its own again.
   */
  operation?: {
    actor?: string;
    beforeCommit?: (tx: SqlTransactionCapability) => Promise<void>;
  };
}

/**
 * A session stored in PostgreSQL. Any number of PostgresStore objects, in any number of
 * processes, may address the same uid: they share its state and serialise their changes on the
 * session's row lock.
 *
 * @example
 * const db = await createDatabase();                 // PGlite, or { url } for a server
 * const store = new PostgresStore(db, 'questionnaire-42');
 * const manager = new TriggerManager(store, { registry });
 * await manager.fire('questionnaireComplete');
 * console.log(await store.unresolvedTasks());
 */
export class PostgresStore implements SessionStore {
  private readonly scope = new ReentrantTransactions<PostgresTransaction>();
  private operationBegun = false;

  constructor(
    readonly db: Database,
    readonly uid: string,
    private readonly options: PostgresStoreOptions = {},
  ) {
    if (typeof uid !== 'string' || uid.length === 0) throw new TypeError('A session uid must be a non-empty string.');
  }

  async transaction<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    return this.scope.run(
      (body) =>
        this.db.transaction(async (tx) => {
          const operation = this.operationBegun ? undefined : this.options.operation;
          this.operationBegun = true;
          const session = await lockSession(tx, this.uid);
          const ptx = new PostgresTransaction(tx, this.uid, session, {
            actor: operation?.actor ?? this.options.actor ?? 'system',
            journal: this.options.journal ?? true,
          });
          const result = await body(ptx);
          await operation?.beforeCommit?.(ptx);
          await ptx.flush();
          return result;
        }),
      work,
    );
  }

  async events(query: EventQuery = {}): Promise<EngineEvent[]> {
    const where = [eq(sessionEvents.sessionUid, this.uid)];
    if (query.afterSeq !== undefined) where.push(sql`${sessionEvents.seq} > ${query.afterSeq}`);
    if (query.beforeSeq !== undefined) where.push(sql`${sessionEvents.seq} < ${query.beforeSeq}`);
    if (query.kinds) where.push(inArray(sessionEvents.kind, [...query.kinds]));
    if (query.task !== undefined) where.push(eq(sessionEvents.task, query.task));
    if (query.instance !== undefined) where.push(eq(sessionEvents.instance, query.instance));
    const rows = await this.db
      .select()
      .from(sessionEvents)
      .where(and(...where))
      .orderBy(query.order === 'desc' ? desc(sessionEvents.seq) : asc(sessionEvents.seq))
      .limit(query.limit ?? 2_147_483_647);
    return rows.map(rowToEvent);
  }

  async tasks(): Promise<Record<string, TaskConfig>> {
    const rows = await this.db
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.sessionUid, this.uid))
      .orderBy(asc(sessionTasks.position));
    return Object.fromEntries(rows.map((row) => [row.name, rowToTask(row)]));
  }

  async instances(): Promise<Record<string, TaskInstance>> {
    const rows = await this.db
      .select()
      .from(taskInstances)
      .where(eq(taskInstances.sessionUid, this.uid))
      .orderBy(asc(taskInstances.createdAt), asc(taskInstances.task), asc(taskInstances.seq));
    return Object.fromEntries(rows.map((row) => [row.name, rowToInstance(row)]));
  }

  async instance(name: string): Promise<TaskInstance> {
    const [row] = await this.db
      .select()
      .from(taskInstances)
      .where(and(eq(taskInstances.sessionUid, this.uid), eq(taskInstances.name, name)));
    if (row) return rowToInstance(row);
    const [task] = await this.db
      .select({ name: sessionTasks.name })
      .from(sessionTasks)
      .where(and(eq(sessionTasks.sessionUid, this.uid), eq(sessionTasks.name, name)));
    throw new InstanceNotFoundError(name, { uid: this.uid, isTaskName: task !== undefined });
  }

  async instancesOfTask(task: string): Promise<TaskInstance[]> {
    const rows = await this.db
      .select()
      .from(taskInstances)
      .where(and(eq(taskInstances.sessionUid, this.uid), eq(taskInstances.task, task)))
      .orderBy(asc(taskInstances.seq));
    return rows.map(rowToInstance);
  }

  async latestKwargs(): Promise<TriggerKwargs> {
    const rows = await this.db
      .select({ trigger: sessionTriggers.trigger, kwargs: sessionTriggers.kwargs })
      .from(sessionTriggers)
      .where(eq(sessionTriggers.sessionUid, this.uid));
    return Object.fromEntries(rows.map((row) => [row.trigger, row.kwargs]));
  }

  async unresolvedTasks(): Promise<TaskConfig[]> {
    const rows = await this.db
      .select()
      .from(sessionTasks)
      .where(
        and(
          eq(sessionTasks.sessionUid, this.uid),
          sql`(${sessionTasks.instanceCount} = 0 or ${sessionTasks.unresolvedCount} > 0)`,
        ),
      )
      .orderBy(asc(sessionTasks.position));
    return rows.map(rowToTask);
  }

  async unresolvedInstances(): Promise<TaskInstance[]> {
    const rows = await this.db
      .select()
      .from(taskInstances)
      .where(
        and(
          eq(taskInstances.sessionUid, this.uid),
          inArray(taskInstances.status, ['unstarted', 'scheduled', 'running', 'failed']),
        ),
      )
      .orderBy(asc(taskInstances.task), asc(taskInstances.seq));
    return rows.map(rowToInstance);
  }

  async debugRepr(): Promise<DebugRepr> {
    // One read-only snapshot, so the three parts never disagree.
    return this.db.transaction(
      async (tx) => {
        const store = new PostgresStore(tx as unknown as Database, this.uid);
        const [tasks, instances, latest] = [await store.tasks(), await store.instances(), await store.latestKwargs()];
        return buildDebugRepr(Object.values(tasks), Object.values(instances), latest);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }
}

/** Takes the session's row lock, creating the session on its first write. */
async function lockSession(tx: SqlExecutor, uid: string): Promise<SessionRow> {
  const select = () => tx.select().from(sessions).where(eq(sessions.uid, uid)).for('update');
  const [existing] = await select();
  if (existing) return existing;
  await tx.insert(sessions).values({ uid }).onConflictDoNothing();
  const [created] = await select();
  if (!created) throw new Error(`Could not create session '${uid}'.`);
  return created;
}
