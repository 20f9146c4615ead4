import type { TaskFireView } from './rules';
import { isResolved } from './rules';
import { runScoped, scopedValue } from './scoped';
import type { EngineEvent, EngineEventInput, EventQuery } from './journal';
import type { DebugRepr, Kwargs, TaskConfig, TaskInstance, TriggerKwargs } from './types';

/**
 * One session's state, read side (docs/engine-behaviour.md §16). Reads take no lock; each method sees
 * one consistent snapshot. Everything returned is a copy.
 */
export interface SessionStore {
  readonly uid: string;
  /**
   * Every task, keyed by name, in configuration order.
   * @example
   * const task = (await store.tasks()).t_importSubject; // TaskConfig
   */
  tasks(): Promise<Record<string, TaskConfig>>;
  /**
   * Every instance ever created, keyed by instance name.
   * @example
   * const instance = (await store.instances())['t_importSubject#0'];
   */
  instances(): Promise<Record<string, TaskInstance>>;
  /**
   * One instance by its name.
   * @example
   * const failed = await store.instance('t_importSubject#0');
   * console.log(failed.metadata.exceptionInfo);
   * @throws InstanceNotFoundError for an unknown name (a task name is not an instance name).
   */
  instance(name: string): Promise<TaskInstance>;
  /**
   * The task's instances in sequence order (`#10` after `#9`); `[]` when it has none.
   * @example
   * const all = await store.instancesOfTask('t_importSubject');
   */
  instancesOfTask(task: string): Promise<TaskInstance[]>;
  /**
   * Kwargs of the most recent firing of every trigger fired in the session, cascades included.
   * @example
   * if ('sessionFinalized' in (await store.latestKwargs())) return;
   */
  latestKwargs(): Promise<TriggerKwargs>;
  /**
   * Tasks with no instance yet, or with at least one unresolved instance.
   * @example
   * const pending = (await store.unresolvedTasks()).map((t) => t.name);
   */
  unresolvedTasks(): Promise<TaskConfig[]>;
  /**
   * Instances that are unstarted, scheduled, running or failed.
   * @example
   * const needsSupport = (await store.unresolvedInstances()).filter((i) => i.status === 'failed');
   */
  unresolvedInstances(): Promise<TaskInstance[]>;
  /**
   * A JSON-safe snapshot of tasks, instances and metas, for people and support tools.
   * @example
   * console.log(JSON.stringify(await store.debugRepr(), null, 2));
   */
  debugRepr(): Promise<DebugRepr>;
  /**
   * The session's journal: every engine step with what it wrote, oldest first unless asked
   * otherwise. Replaying all of it rebuilds `debugRepr()` (see `replayJournal`).
   * @example
   * const lastTen = await store.events({ order: 'desc', limit: 10 });
   */
  events(query?: EventQuery): Promise<EngineEvent[]>;
  /**
   * Runs `work` under the session's lock with freshly loaded state, atomically: either all its
   * writes are kept or none. Nested calls inside one operation join the running transaction.
   * This is the seam the manager uses; applications normally call the manager instead.
   * @example
   * await store.transaction(async (tx) => tx.saveInstances([updated]));
   */
  transaction<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T>;
}

/**
 * What the manager reads and writes inside one locked operation. Narrow on purpose: a firing
 * loads the session's task configurations (small) and only the unstarted instances of the
 * tasks that use its trigger, so its cost does not grow with the number of instances.
 */
export interface SessionTransaction {
  /** All tasks in configuration order. */
  tasks(): Promise<TaskConfig[]>;
  /** Replaces tasks of the same name in place, appends new ones. */
  saveTasks(tasks: readonly TaskConfig[]): Promise<void>;
  /** Latest kwargs of just these triggers (those never fired are absent). */
  latestKwargsOf(triggers: readonly string[]): Promise<TriggerKwargs>;
  setLatestKwargs(trigger: string, kwargs: Kwargs): Promise<void>;
  instance(name: string): Promise<TaskInstance | undefined>;
  instanceCount(task: string): Promise<number>;
  fireViews(tasks: readonly string[]): Promise<Map<string, TaskFireView>>;
  /** Inserts new instances and overwrites existing ones, by name. */
  saveInstances(instances: readonly TaskInstance[]): Promise<void>;
  /**
   * Runs `work` so that, if it throws, everything it did inside this transaction is undone
   * (buffered writes and, on PostgreSQL, statements such as a runner's enqueue) while the
   * transaction itself stays usable. Used where one part of an operation may fail without
   * taking the rest down: a runner refusing an instance, a cascade after a status is saved.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Closes a journal event: what the step did in words, with the writes made since the
   * previous event of this transaction. Written with the transaction's other writes.
   */
  recordEvent(event: EngineEventInput & { at: string }): void;
}

interface Frame<Tx> {
  tx: Tx;
  active: boolean;
}

/**
 * Makes a store's transactions re-entrant within one async call chain. The frame is marked
 * inactive when its transaction ends, so work that merely *started* inside it (a runner's
 * setImmediate, a hook) takes the lock afresh instead of writing into a finished transaction.
 */
export class ReentrantTransactions<Tx> {
  async run<T>(
    begin: (body: (tx: Tx) => Promise<T>) => Promise<T>,
    work: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    const current = scopedValue<Frame<Tx>>(this);
    if (current?.active) return work(current.tx);
    return begin(async (tx) => {
      const frame: Frame<Tx> = { tx, active: true };
      try {
        return await runScoped(this, frame, () => work(tx));
      } finally {
        frame.active = false;
      }
    });
  }
}

/** Pure helpers shared by every store's read side. */
export function unresolvedTasksOf(
  tasks: readonly TaskConfig[],
  instances: readonly TaskInstance[],
): TaskConfig[] {
  const seen = new Set<string>();
  const open = new Set<string>();
  for (const instance of instances) {
    seen.add(instance.task);
    if (!isResolved(instance)) open.add(instance.task);
  }
  return tasks.filter((task) => !seen.has(task.name) || open.has(task.name));
}

export function taskRepr(task: TaskConfig): Record<string, unknown> {
  const { after, andEvery, run, unless, using, withParams, extra } = task;
  return { after, andEvery, run, unless, using, withParams, extra };
}

export function instanceRepr(instance: TaskInstance): Record<string, unknown> {
  const { task, status, kwargs, abandonState, metadata } = instance;
  return { task, status, kwargs, abandonState, metadata };
}

export function buildDebugRepr(
  tasks: readonly TaskConfig[],
  instances: readonly TaskInstance[],
  latestKwargs: TriggerKwargs,
): DebugRepr {
  return JSON.parse(
    JSON.stringify({
      tasks: Object.fromEntries(tasks.map((t) => [t.name, taskRepr(t)])),
      instances: Object.fromEntries(instances.map((i) => [i.name, instanceRepr(i)])),
      metas: { latestKwargs },
    }),
  ) as DebugRepr;
}
