/**
 * One locked operation on one session: reads what the operation needs, buffers its writes, and
 * writes them all in one statement (writes.ts) just before commit.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  bySequence,
  copyJson,
  EventRecorder,
  type EngineEventInput,
  type InstanceStatus,
  type Kwargs,
  type SessionTransaction,
  type TaskConfig,
  type TaskFireView,
  type TaskInstance,
  type TriggerKwargs,
} from '@/lib/triggers';
import { sessionTasks, sessionTriggers, taskInstances, type SessionRow, type TaskInstanceRow } from '../schema';
import type { InstanceChange, SqlExecutor, SqlTransactionCapability } from './capability';
import { rowToInstance, rowToTask } from './rows';
import { writeChanges, type BufferedTask } from './writes';

export interface PostgresTransactionOptions {
  /** Who the journal names for this transaction's changes. */
  actor: string;
  /** Whether this transaction writes journal events. */
  journal: boolean;
}

/** Marks a PostgresTransaction of any copy of this module (see sqlCapabilityOf). */
export const SQL_TRANSACTION = Symbol.for('triggerboard.PostgresTransaction');

export class PostgresTransaction implements SessionTransaction, SqlTransactionCapability {
  readonly [SQL_TRANSACTION] = true;
  private taskStates: Map<string, BufferedTask> | null = null;
  private readonly instanceCache = new Map<string, TaskInstance>();
  /** Status of each cached instance when loaded; null for instances created in this transaction. */
  private readonly loadedStatus = new Map<string, InstanceStatus | null>();
  private readonly dirtyInstances = new Set<string>();
  private readonly latestWritten = new Map<string, { kwargs: Kwargs; fires: number }>();
  private readonly recorder = new EventRecorder();
  readonly actor: string;
  private readonly journal: boolean;

  constructor(
    private tx: SqlExecutor,
    private readonly uid: string,
    private readonly session: SessionRow,
    options: PostgresTransactionOptions,
  ) {
    this.actor = options.actor;
    this.journal = options.journal;
  }

  /** The Drizzle transaction, or the savepoint open right now (see SqlTransactionCapability). */
  get executor(): SqlExecutor {
    return this.tx;
  }

  private async loadTasks(): Promise<Map<string, BufferedTask>> {
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

  changes(): InstanceChange[] {
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
      actor: this.actor,
    }));
    const hasChanges =
      events.length > 0 ||
      this.dirtyInstances.size > 0 ||
      this.latestWritten.size > 0 ||
      [...(this.taskStates?.values() ?? [])].some((s) => s.dirty);
    if (!hasChanges) return;
    await writeChanges(this.tx, {
      uid: this.uid,
      session: this.session,
      tasks: await this.loadTasks(),
      instances: [...this.dirtyInstances].map((name) => ({
        instance: this.instanceCache.get(name) as TaskInstance,
        from: this.loadedStatus.get(name) ?? null,
      })),
      triggers: this.latestWritten,
      events,
    });
    this.session.eventCount += events.length;
  }
}
