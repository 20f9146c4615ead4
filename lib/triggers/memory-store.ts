import { InstanceNotFoundError } from './errors';
import { copyJson } from './json';
import { EventRecorder, queryEvents, type EngineEvent, type EngineEventInput, type EventQuery } from './journal';
import type { TaskFireView } from './rules';
import { bySequence, isResolved } from './rules';
import type { SessionStore, SessionTransaction } from './store';
import { buildDebugRepr, ReentrantTransactions, unresolvedTasksOf } from './store';
import type { DebugRepr, Kwargs, TaskConfig, TaskInstance, TriggerKwargs } from './types';

interface MemoryState {
  tasks: Map<string, TaskConfig>;
  instances: Map<string, TaskInstance>;
  latestKwargs: TriggerKwargs;
  events: EngineEvent[];
}

/** A FIFO async mutex: each holder runs after the previous one has released. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** Buffers a transaction's writes over the committed state; applied only on success. */
class MemoryTransaction implements SessionTransaction {
  readonly tasksWritten = new Map<string, TaskConfig>();
  readonly instancesWritten = new Map<string, TaskInstance>();
  readonly latestWritten = new Map<string, Kwargs>();
  readonly recorder = new EventRecorder();

  constructor(private readonly state: MemoryState) {}

  recordEvent(event: EngineEventInput & { at: string }): void {
    this.recorder.record(event, event.at);
  }

  async tasks(): Promise<TaskConfig[]> {
    const merged = new Map(this.state.tasks);
    for (const [name, task] of this.tasksWritten) merged.set(name, task);
    return copyJson([...merged.values()]);
  }

  async saveTasks(tasks: readonly TaskConfig[]): Promise<void> {
    for (const task of tasks) this.tasksWritten.set(task.name, copyJson(task));
    this.recorder.noteTasks(tasks);
  }

  async latestKwargsOf(triggers: readonly string[]): Promise<TriggerKwargs> {
    const all: TriggerKwargs = { ...this.state.latestKwargs, ...Object.fromEntries(this.latestWritten) };
    const picked: TriggerKwargs = {};
    for (const trigger of triggers) {
      const kwargs = all[trigger];
      if (kwargs !== undefined) picked[trigger] = kwargs;
    }
    return copyJson(picked);
  }

  async setLatestKwargs(trigger: string, kwargs: Kwargs): Promise<void> {
    this.latestWritten.set(trigger, copyJson(kwargs));
    this.recorder.noteLatest(trigger, kwargs);
  }

  private current(name: string): TaskInstance | undefined {
    return this.instancesWritten.get(name) ?? this.state.instances.get(name);
  }

  private allOfTask(task: string): TaskInstance[] {
    const names = new Set<string>();
    for (const map of [this.state.instances, this.instancesWritten]) {
      for (const instance of map.values()) if (instance.task === task) names.add(instance.name);
    }
    return [...names].map((name) => this.current(name) as TaskInstance);
  }

  async instance(name: string): Promise<TaskInstance | undefined> {
    const found = this.current(name);
    return found && copyJson(found);
  }

  async instanceCount(task: string): Promise<number> {
    return this.allOfTask(task).length;
  }

  async fireViews(tasks: readonly string[]): Promise<Map<string, TaskFireView>> {
    const views = new Map<string, TaskFireView>();
    for (const task of tasks) {
      const all = this.allOfTask(task);
      views.set(task, {
        instanceCount: all.length,
        unstarted: copyJson(all.filter((i) => i.status === 'unstarted').sort(bySequence)),
      });
    }
    return views;
  }

  async saveInstances(instances: readonly TaskInstance[]): Promise<void> {
    for (const instance of instances) this.instancesWritten.set(instance.name, copyJson(instance));
    this.recorder.noteInstances(instances);
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const saved = {
      tasks: new Map(this.tasksWritten),
      instances: new Map(this.instancesWritten),
      latest: new Map(this.latestWritten),
    };
    const restoreEvents = this.recorder.mark();
    try {
      return await work();
    } catch (error) {
      for (const [map, copy] of [
        [this.tasksWritten, saved.tasks],
        [this.instancesWritten, saved.instances],
        [this.latestWritten, saved.latest],
      ] as Array<[Map<string, unknown>, Map<string, unknown>]>) {
        map.clear();
        for (const [key, value] of copy) map.set(key, value);
      }
      restoreEvents();
      throw error;
    }
  }

  commit(actor: string): void {
    for (const event of this.recorder.drain(new Date().toISOString())) {
      this.state.events.push({ ...event, seq: this.state.events.length + 1, actor });
    }
    for (const [name, task] of this.tasksWritten) this.state.tasks.set(name, task);
    for (const [name, instance] of this.instancesWritten) this.state.instances.set(name, instance);
    for (const [trigger, kwargs] of this.latestWritten) this.state.latestKwargs[trigger] = kwargs;
  }
}

/**
 * A session kept in this object's memory, for tests and scripts. Two MemoryStore objects never
 * share state, even with equal uids; share the object instead. Data is deep-copied in and out.
 *
 * @example
 * const store = new MemoryStore('session-1');
 * const manager = new TriggerManager(store, { registry });
 * await manager.fire('firstPageReceived');
 * console.log(await store.unresolvedInstances());
 */
export class MemoryStore implements SessionStore {
  private readonly state: MemoryState = {
    tasks: new Map(),
    instances: new Map(),
    latestKwargs: {},
    events: [],
  };
  private readonly mutex = new Mutex();
  private readonly scope = new ReentrantTransactions<MemoryTransaction>();

  constructor(
    readonly uid: string,
    /** `actor`: who the journal says made this store's changes (default `system`). */
    private readonly options: { actor?: string } = {},
  ) {}

  async transaction<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    return this.scope.run(
      (body) =>
        this.mutex.lock(async () => {
          const tx = new MemoryTransaction(this.state);
          const result = await body(tx);
          tx.commit(this.options.actor ?? 'system');
          return result;
        }),
      work,
    );
  }

  async tasks(): Promise<Record<string, TaskConfig>> {
    return copyJson(Object.fromEntries(this.state.tasks));
  }

  async instances(): Promise<Record<string, TaskInstance>> {
    return copyJson(Object.fromEntries(this.state.instances));
  }

  async instance(name: string): Promise<TaskInstance> {
    const found = this.state.instances.get(name);
    if (!found) {
      throw new InstanceNotFoundError(name, { uid: this.uid, isTaskName: this.state.tasks.has(name) });
    }
    return copyJson(found);
  }

  async instancesOfTask(task: string): Promise<TaskInstance[]> {
    return copyJson([...this.state.instances.values()].filter((i) => i.task === task).sort(bySequence));
  }

  async latestKwargs(): Promise<TriggerKwargs> {
    return copyJson(this.state.latestKwargs);
  }

  async unresolvedTasks(): Promise<TaskConfig[]> {
    return copyJson(unresolvedTasksOf([...this.state.tasks.values()], [...this.state.instances.values()]));
  }

  async unresolvedInstances(): Promise<TaskInstance[]> {
    return copyJson([...this.state.instances.values()].filter((i) => !isResolved(i)));
  }

  async events(query?: EventQuery): Promise<EngineEvent[]> {
    return queryEvents(this.state.events, query);
  }

  async debugRepr(): Promise<DebugRepr> {
    return buildDebugRepr(
      [...this.state.tasks.values()],
      [...this.state.instances.values()],
      this.state.latestKwargs,
    );
  }
}
