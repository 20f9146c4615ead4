/**
 * The engine's SessionStore on PostgreSQL (PGlite or a server) through Drizzle. Rows become
 * engine types here and nowhere else. Every operation is one transaction that locks the
 * session's row, reads only what the operation needs, and writes all its changes, counters
 * included, in a single statement before commit.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db';
import {
  sessionEvents,
  sessions,
  sessionTasks,
  sessionTriggers,
  taskInstances,
  type SessionEventRow,
  type SessionRow,
  type SessionTaskRow,
  type TaskInstanceRow,
} from '@/lib/db/schema';
import { InstanceNotFoundError } from './errors';
import { copyJson } from './json';
import { EventRecorder, type EngineEvent, type EngineEventInput, type EventChanges, type EventKind, type EventQuery } from './journal';
import type { TaskFireView } from './rules';
import { bySequence, instanceSequence, isResolved } from './rules';
import type { SessionStore, SessionTransaction } from './store';
import { buildDebugRepr, ReentrantTransactions } from './store';
import type {
  DebugRepr,
  InstanceStatus,
  Kwargs,
  TaskConfig,
  TaskInstance,
  TriggerKwargs,
} from './types';
import { INSTANCE_STATUSES } from './types';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
type Executor = Database | Transaction;

export function rowToTask(row: SessionTaskRow): TaskConfig {
  return {
    name: row.name,
    run: row.run,
    after: row.after,
    unless: row.unless,
    andEvery: row.andEvery,
    using: row.using,
    withParams: row.withParams,
    extra: row.extra,
  };
}

export function rowToInstance(row: TaskInstanceRow): TaskInstance {
  return {
    name: row.name,
    task: row.task,
    status: row.status,
    kwargs: row.kwargs,
    abandonState: row.abandonState,
    metadata: row.metadata,
  };
}

/** The columns a saved instance writes (as JSON, for jsonb_to_recordset). */
function instanceToRecord(instance: TaskInstance): Record<string, unknown> {
  const { metadata } = instance;
  const stamps = metadata.timestamps;
  return {
    name: instance.name,
    task: instance.task,
    seq: instanceSequence(instance.name),
    status: instance.status,
    kwargs: instance.kwargs,
    abandon_state: instance.abandonState,
    metadata,
    exception_type: typeof metadata.exceptionType === 'string' ? metadata.exceptionType : null,
    parent: typeof metadata.parent === 'string' ? metadata.parent : null,
    depth: Number.isInteger(metadata.depth) ? (metadata.depth as number) : 0,
    created_at: stamps?.created ?? new Date().toISOString(),
    updated_at: stamps?.lastModified ?? new Date().toISOString(),
    failed_at: stamps?.failed ?? null,
  };
}

const INSTANCE_RECORD_COLUMNS = sql.raw(
  `name text, task text, seq int, status text, kwargs jsonb, abandon_state jsonb, metadata jsonb,
   exception_type text, parent text, depth int, created_at timestamptz, updated_at timestamptz, failed_at timestamptz`,
);

const STATUS_COUNT_COLUMN: Record<InstanceStatus, string> = {
  unstarted: 'unstarted_count',
  scheduled: 'scheduled_count',
  running: 'running_count',
  finished: 'finished_count',
  failed: 'failed_count',
  replayed: 'replayed_count',
  skipped: 'skipped_count',
  abandoned: 'abandoned_count',
};

const STATUS_COUNT_KEY: Record<InstanceStatus, keyof SessionRow> = {
  unstarted: 'unstartedCount',
  scheduled: 'scheduledCount',
  running: 'runningCount',
  finished: 'finishedCount',
  failed: 'failedCount',
  replayed: 'replayedCount',
  skipped: 'skippedCount',
  abandoned: 'abandonedCount',
};

interface TaskState {
  config: TaskConfig;
  position: number;
  instanceCount: number;
  unresolvedCount: number;
  dirty: boolean;
}

/** One locked operation on one session; writes are buffered and flushed in one statement. */
export class PostgresTransaction implements SessionTransaction {
  private taskStates: Map<string, TaskState> | null = null;
  private readonly instanceCache = new Map<string, TaskInstance>();
  /** Status of each cached instance when loaded; null for instances created in this transaction. */
  private readonly loadedStatus = new Map<string, InstanceStatus | null>();
  private readonly dirtyInstances = new Set<string>();
  private readonly latestWritten = new Map<string, { kwargs: Kwargs; fires: number }>();

  constructor(
    private tx: Transaction,
    private readonly uid: string,
    private readonly session: SessionRow,
  ) {}

  /** The Drizzle transaction, for runners that write in the same commit (e.g. enqueue a job). */
  get executor(): Transaction {
    return this.tx;
  }

  private async loadTasks(): Promise<Map<string, TaskState>> {
    if (this.taskStates) return this.taskStates;
    const rows = await this.tx
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.sessionUid, this.uid))
      .orderBy(asc(sessionTasks.position));
    this.taskStates = new Map(
      rows.map((row) => [
        row.name,
        {
          config: rowToTask(row),
          position: row.position,
          instanceCount: row.instanceCount,
          unresolvedCount: row.unresolvedCount,
          dirty: false,
        },
      ]),
    );
    return this.taskStates;
  }

  async tasks(): Promise<TaskConfig[]> {
    return copyJson([...(await this.loadTasks()).values()].map((s) => s.config));
  }

  /** Who the journal says made this transaction's changes (a `beforeCommit` hook may set it). */
  eventActor = 'system';
  /** Whether this transaction writes journal events (see PostgresStoreOptions.journal). */
  journal = true;
  private readonly recorder = new EventRecorder();

  recordEvent(event: EngineEventInput & { at: string }): void {
    this.recorder.record(event, event.at);
  }

  async saveTasks(tasks: readonly TaskConfig[]): Promise<void> {
    this.recorder.noteTasks(tasks);
    const states = await this.loadTasks();
    let nextPosition = Math.max(-1, ...[...states.values()].map((s) => s.position)) + 1;
    for (const config of tasks) {
      const existing = states.get(config.name);
      if (existing) {
        existing.config = copyJson(config);
        existing.dirty = true;
      } else {
        states.set(config.name, {
          config: copyJson(config),
          position: nextPosition++,
          instanceCount: 0,
          unresolvedCount: 0,
          dirty: true,
        });
      }
    }
  }

  async latestKwargsOf(triggers: readonly string[]): Promise<TriggerKwargs> {
    const latest: TriggerKwargs = {};
    const unknown = triggers.filter((t) => !this.latestWritten.has(t));
    if (unknown.length > 0) {
      const rows = await this.tx
        .select({ trigger: sessionTriggers.trigger, kwargs: sessionTriggers.kwargs })
        .from(sessionTriggers)
        .where(and(eq(sessionTriggers.sessionUid, this.uid), inArray(sessionTriggers.trigger, unknown)));
      for (const row of rows) latest[row.trigger] = row.kwargs;
    }
    for (const trigger of triggers) {
      const written = this.latestWritten.get(trigger);
      if (written) latest[trigger] = copyJson(written.kwargs);
    }
    return latest;
  }

  async setLatestKwargs(trigger: string, kwargs: Kwargs): Promise<void> {
    this.recorder.noteLatest(trigger, kwargs);
    const fires = (this.latestWritten.get(trigger)?.fires ?? 0) + 1;
    this.latestWritten.set(trigger, { kwargs: copyJson(kwargs), fires });
  }

  private remember(row: TaskInstanceRow): TaskInstance {
    const cached = this.instanceCache.get(row.name);
    if (cached) return cached;
    const instance = rowToInstance(row);
    this.instanceCache.set(row.name, instance);
    this.loadedStatus.set(row.name, instance.status);
    return instance;
  }

  async instance(name: string): Promise<TaskInstance | undefined> {
    if (!this.instanceCache.has(name)) {
      const [row] = await this.tx
        .select()
        .from(taskInstances)
        .where(and(eq(taskInstances.sessionUid, this.uid), eq(taskInstances.name, name)));
      if (!row) return undefined;
      this.remember(row);
    }
    return copyJson(this.instanceCache.get(name));
  }

  async instanceCount(task: string): Promise<number> {
    return (await this.loadTasks()).get(task)?.instanceCount ?? 0;
  }

  async fireViews(tasks: readonly string[]): Promise<Map<string, TaskFireView>> {
    const states = await this.loadTasks();
    const rows = await this.tx
      .select()
      .from(taskInstances)
      .where(
        and(
          eq(taskInstances.sessionUid, this.uid),
          inArray(taskInstances.task, [...tasks]),
          eq(taskInstances.status, 'unstarted'),
        ),
      );
    for (const row of rows) this.remember(row);
    const views = new Map<string, TaskFireView>();
    for (const task of tasks) {
      const unstarted = [...this.instanceCache.values()]
        .filter((i) => i.task === task && i.status === 'unstarted')
        .sort(bySequence);
      views.set(task, {
        instanceCount: states.get(task)?.instanceCount ?? 0,
        unstarted: copyJson(unstarted),
      });
    }
    return views;
  }

  async saveInstances(instances: readonly TaskInstance[]): Promise<void> {
    this.recorder.noteInstances(instances);
    const states = await this.loadTasks();
    for (const instance of instances) {
      if (!this.loadedStatus.has(instance.name)) {
        // Never loaded, so it is new: it takes the next sequence number of its task.
        this.loadedStatus.set(instance.name, null);
        const state = states.get(instance.task);
        if (state) state.instanceCount += 1;
      }
      this.instanceCache.set(instance.name, copyJson(instance));
      this.dirtyInstances.add(instance.name);
    }
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const saved = {
      taskStates: this.taskStates && new Map([...this.taskStates].map(([k, v]) => [k, { ...v, config: copyJson(v.config) }])),
      instanceCache: new Map(this.instanceCache),
      loadedStatus: new Map(this.loadedStatus),
      dirtyInstances: new Set(this.dirtyInstances),
      latestWritten: new Map(this.latestWritten),
    };
    const restoreEvents = this.recorder.mark();
    const outer = this.tx;
    try {
      // A nested Drizzle transaction is a SAVEPOINT. Statements inside must go through the
      // nested handle (postgres.js re-raises any failed statement of a scope at its end), so
      // `executor` points at it while `work` runs.
      return await outer.transaction(async (nested) => {
        this.tx = nested;
        try {
          return await work();
        } finally {
          this.tx = outer;
        }
      });
    } catch (error) {
      this.taskStates = saved.taskStates;
      for (const [target, copy] of [
        [this.instanceCache, saved.instanceCache],
        [this.loadedStatus, saved.loadedStatus],
        [this.latestWritten, saved.latestWritten],
      ] as Array<[Map<string, unknown>, Map<string, unknown>]>) {
        target.clear();
        for (const [key, value] of copy) target.set(key, value);
      }
      this.dirtyInstances.clear();
      for (const name of saved.dirtyInstances) this.dirtyInstances.add(name);
      restoreEvents();
      throw error;
    }
  }

  /**
   * The instances this transaction changed so far (not yet flushed): name, status before
   * (null for a new instance) and after. Lets a `beforeCommit` hook record what an operation did.
   */
  changes(): { name: string; task: string; from: InstanceStatus | null; to: InstanceStatus }[] {
    return [...this.dirtyInstances].map((name) => {
      const instance = this.instanceCache.get(name) as TaskInstance;
      return { name, task: instance.task, from: this.loadedStatus.get(name) ?? null, to: instance.status };
    });
  }

  /** Writes every buffered change and the counters they imply, in one statement. */
  async flush(): Promise<void> {
    const drained = this.recorder.drain(new Date().toISOString());
    const events = (this.journal ? drained : []).map((event, i) => ({
      ...event,
      seq: this.session.eventCount + i + 1,
      actor: this.eventActor,
    }));
    const hasChanges =
      events.length > 0 ||
      this.dirtyInstances.size > 0 ||
      this.latestWritten.size > 0 ||
      [...(this.taskStates?.values() ?? [])].some((s) => s.dirty);
    if (!hasChanges) return;
    const states = await this.loadTasks();

    const inserted: Record<string, unknown>[] = [];
    const updated: Record<string, unknown>[] = [];
    const statusCounts = Object.fromEntries(
      INSTANCE_STATUSES.map((s) => [s, this.session[STATUS_COUNT_KEY[s]] as number]),
    ) as Record<InstanceStatus, number>;
    let newInstances = 0;
    for (const name of this.dirtyInstances) {
      const instance = this.instanceCache.get(name) as TaskInstance;
      const from = this.loadedStatus.get(name) ?? null;
      (from === null ? inserted : updated).push(instanceToRecord(instance));
      if (from === null) newInstances += 1;
      else statusCounts[from] -= 1;
      statusCounts[instance.status] += 1;
      const fromOpen = from !== null && !isResolved({ ...instance, status: from });
      const toOpen = !isResolved(instance);
      const state = states.get(instance.task);
      if (state && fromOpen !== toOpen) {
        state.unresolvedCount += toOpen ? 1 : -1;
        state.dirty = true;
      }
      if (state && from === null) state.dirty = true;
    }
    const allTasks = [...states.values()];
    const unresolvedTaskCount = allTasks.filter((s) => s.instanceCount === 0 || s.unresolvedCount > 0).length;
    const taskRecords = allTasks
      .filter((s) => s.dirty)
      .map((s) => ({
        name: s.config.name,
        position: s.position,
        run: s.config.run,
        after: s.config.after,
        unless: s.config.unless,
        and_every: s.config.andEvery,
        runner: s.config.using,
        with_params: s.config.withParams,
        extra: s.config.extra,
        instance_count: s.instanceCount,
        unresolved_count: s.unresolvedCount,
      }));
    const triggerRecords = [...this.latestWritten].map(([trigger, { kwargs, fires }]) => ({ trigger, kwargs, fires }));
    const counterAssignments = sql.join(
      INSTANCE_STATUSES.map((s) => sql`${sql.raw(STATUS_COUNT_COLUMN[s])} = ${statusCounts[s]}`),
      sql`, `,
    );
    const uid = this.uid;

    // All writes in one round trip: data-modifying CTEs, then the new instances. Foreign keys
    // are checked at the end of the statement, so new instances may reference new tasks.
    await this.tx.execute(sql`
      with upserted_tasks as (
        insert into session_tasks (session_uid, name, position, run, after, unless, and_every, "using",
                                   with_params, extra, instance_count, unresolved_count)
        select ${uid}, x.name, x.position, x.run, x.after, x.unless, x.and_every, x.runner,
               x.with_params, x.extra, x.instance_count, x.unresolved_count
        from jsonb_to_recordset(${JSON.stringify(taskRecords)}::jsonb) as x(
          name text, position int, run text, after jsonb, unless jsonb, and_every text, runner text,
          with_params jsonb, extra jsonb, instance_count int, unresolved_count int)
        on conflict (session_uid, name) do update set
          run = excluded.run, after = excluded.after, unless = excluded.unless,
          and_every = excluded.and_every, "using" = excluded."using", with_params = excluded.with_params,
          extra = excluded.extra, instance_count = excluded.instance_count,
          unresolved_count = excluded.unresolved_count
      ),
      updated_instances as (
        update task_instances t set
          status = x.status, kwargs = x.kwargs, abandon_state = x.abandon_state, metadata = x.metadata,
          exception_type = x.exception_type, parent = x.parent, depth = x.depth, updated_at = x.updated_at,
          failed_at = x.failed_at
        from jsonb_to_recordset(${JSON.stringify(updated)}::jsonb) as x(${INSTANCE_RECORD_COLUMNS})
        where t.session_uid = ${uid} and t.name = x.name
      ),
      fired as (
        insert into session_triggers (session_uid, trigger, kwargs, fire_count, first_fired_at, last_fired_at)
        select ${uid}, x.trigger, x.kwargs, x.fires, now(), now()
        from jsonb_to_recordset(${JSON.stringify(triggerRecords)}::jsonb) as x(trigger text, kwargs jsonb, fires int)
        on conflict (session_uid, trigger) do update set
          kwargs = excluded.kwargs,
          fire_count = session_triggers.fire_count + excluded.fire_count,
          last_fired_at = excluded.last_fired_at
      ),
      appended_events as (
        insert into session_events (session_uid, seq, at, kind, actor, task, instance, data, changes)
        select ${uid}, x.seq, x.at, x.kind, x.actor, x.task, x.instance, x.data, x.changes
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(
          seq int, at timestamptz, kind text, actor text, task text, instance text, data jsonb, changes jsonb)
      ),
      touched_session as (
        update sessions set
          updated_at = now(),
          event_count = event_count + ${events.length},
          task_count = ${allTasks.length},
          instance_count = instance_count + ${newInstances},
          unresolved_task_count = ${unresolvedTaskCount},
          ${counterAssignments}
        where uid = ${uid}
      )
      insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata,
                                  exception_type, parent, depth, created_at, updated_at, failed_at)
      select ${uid}, x.name, x.task, x.seq, x.status, x.kwargs, x.abandon_state, x.metadata,
             x.exception_type, x.parent, x.depth, x.created_at, x.updated_at, x.failed_at
      from jsonb_to_recordset(${JSON.stringify(inserted)}::jsonb) as x(${INSTANCE_RECORD_COLUMNS})`);
    this.session.eventCount += events.length;
  }
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
export interface PostgresStoreOptions {
  /**
   * Runs inside every (outermost) transaction of this store just before it commits, with the
   * changes buffered so far: what it writes through `tx.executor` commits or rolls back with
   * the operation (the dashboard's audit trail uses it).
   */
  beforeCommit?: (tx: PostgresTransaction) => Promise<void>;
  /** Who the journal says made this store's changes, unless a hook says otherwise (default `system`). */
  actor?: string;
  /** `false` writes no journal events (the benchmark's baseline; a journal-less session cannot be replayed). */
  journal?: boolean;
}

export class PostgresStore implements SessionStore {
  private readonly scope = new ReentrantTransactions<PostgresTransaction>();

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
          const session = await lockSession(tx, this.uid);
          const ptx = new PostgresTransaction(tx, this.uid, session);
          ptx.eventActor = this.options.actor ?? 'system';
          ptx.journal = this.options.journal ?? true;
          const result = await body(ptx);
          await this.options.beforeCommit?.(ptx);
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
async function lockSession(tx: Executor, uid: string): Promise<SessionRow> {
  const select = () => tx.select().from(sessions).where(eq(sessions.uid, uid)).for('update');
  const [existing] = await select();
  if (existing) return existing;
  await tx.insert(sessions).values({ uid }).onConflictDoNothing();
  const [created] = await select();
  if (!created) throw new Error(`Could not create session '${uid}'.`);
  return created;
}

/** A journal row as an engine event. */
export function rowToEvent(row: SessionEventRow): EngineEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind as EventKind,
    actor: row.actor,
    task: row.task,
    instance: row.instance,
    data: row.data,
    changes: row.changes as EventChanges,
  };
}
