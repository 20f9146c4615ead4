import { parseConfiguration } from './configuration';
import type { LogSink } from './context';
import { recordStatusChange, runInstance } from './execution';
import { metadataDelta } from './journal';
import { assertStorable, isPlainObject, isTriggerKwargs } from './json';
import type { OperationContext } from './operations';
import { cascadeWithin, dispatch, fireWithin, loadFailed, loadForUpdate, planFireWithin, replayWithin } from './operations';
import { TaskRegistry } from './registry';
import { instanceSequence, withMetadata, withStatus } from './rules';
import type { TaskRunner } from './runner';
import { InlineRunner } from './runner';
import { runScoped, scopedValue } from './scoped';
import type { SessionStore, SessionTransaction } from './store';
import { taskRepr } from './store';
import type {
  Configuration,
  InstanceMetadata,
  InstanceStatus,
  Kwargs,
  TaskInstance,
  TriggerKwargs,
} from './types';
import { INSTANCE_STATUSES } from './types';
import { InvalidStatusError } from './errors';

export interface TriggerManagerOptions {
  /** Handlers by name; an empty registry when absent. */
  registry?: TaskRegistry;
  /** The default runner (tasks without `using`); a new InlineRunner when absent. */
  runner?: TaskRunner;
  /**
   * Further runners that tasks can name with `using`. When given, the manager knows all its
   * runners, so `updateConfiguration` rejects a `using` that names none of them.
   */
  runners?: TaskRunner[];
  /** The clock for timestamps (tests pass a fixed one). */
  clock?: () => Date;
  /** Receives every log record written by handlers through `ctx.logger`. */
  logSink?: LogSink;
}

/** What a firing would do, computed without doing it (see previewFire). */
export interface FirePreview {
  trigger: string;
  /** Tasks that use the trigger (in `after` or `unless`), in configuration order. */
  tasks: string[];
  /** Instances it would create. */
  created: string[];
  /** Existing unstarted instances it would apply the trigger to. */
  applied: string[];
  /** Instances it would abandon (their `unless` set complete). */
  abandoned: string[];
  /** Instances that would be scheduled to run. */
  ready: string[];
}

/** Carries a preview out of a transaction that must not commit. */
class PreviewRollback {
  constructor(readonly preview: FirePreview) {}
}

export interface UpdateStatusOptions {
  metadata?: InstanceMetadata;
  cascade?: boolean;
  cascadeKwargs?: Kwargs;
  /**
   * Change nothing and reject with InvalidStatusError unless the instance has this status when
   * the lock is taken (a compare-and-set, e.g. for failing a run whose worker was lost).
   */
  expectedStatus?: InstanceStatus;
}

function requirePlainObject(value: unknown, what: string): asserts value is Kwargs {
  if (!isPlainObject(value)) {
    throw new TypeError(`${what} must be a plain object; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  assertStorable(value, what);
}

function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string.`);
  }
}

/**
 * Changes one session's state: configuration, firings, replays and skips. Every change runs
 * under the store's session lock with freshly loaded state; hooks run after the lock is released.
 *
 * @example
 * const manager = new TriggerManager(new MemoryStore('s1'), { registry });
 * await manager.updateConfiguration({
 *   t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
 * });
 * await manager.fire('firstPageReceived', { responses: { q1: 'yes' } });
 */
export class TriggerManager {
  readonly store: SessionStore;
  readonly registry: TaskRegistry;
  /** The default runner. */
  readonly runner: TaskRunner;
  readonly logSink: LogSink | undefined;
  private readonly runnersByName: Map<string, TaskRunner>;
  private readonly validatesRunners: boolean;
  private readonly clock: () => Date;

  constructor(store: SessionStore, options: TriggerManagerOptions = {}) {
    this.store = store;
    this.registry = options.registry ?? new TaskRegistry();
    this.runner = options.runner ?? new InlineRunner();
    this.runnersByName = new Map(
      [this.runner, ...(options.runners ?? [])].map((runner) => [runner.name, runner]),
    );
    this.validatesRunners = options.runners !== undefined;
    this.clock = options.clock ?? (() => new Date());
    this.logSink = options.logSink;
  }

  /**
   * Adds or replaces tasks (never merges directives, never deletes). Validates every definition
   * first: one invalid task rejects the whole call and nothing is saved. Creates no instance.
   *
   * @example
   * await manager.updateConfiguration({
   *   t_importResponses: { after: ['t_importSubject'], andEvery: 'pageReceived', run: 'importResponses' },
   * });
   * @throws ConfigurationError naming the task and the directive.
   */
  async updateConfiguration(config: Configuration): Promise<void> {
    const known = this.validatesRunners ? new Set(this.runnersByName.keys()) : undefined;
    const tasks = parseConfiguration(config, known);
    await this.transaction(async (ctx, tx) => {
      const before = new Map((await tx.tasks()).map((t) => [t.name, taskRepr(t)]));
      await tx.saveTasks(tasks);
      const added = tasks.filter((t) => !before.has(t.name)).map((t) => ({ name: t.name, after: taskRepr(t) }));
      const changed = tasks
        .filter((t) => before.has(t.name) && JSON.stringify(before.get(t.name)) !== JSON.stringify(taskRepr(t)))
        .map((t) => ({ name: t.name, before: before.get(t.name), after: taskRepr(t) }));
      tx.recordEvent({ at: ctx.now, kind: 'configuration-updated', data: { added, changed, unchanged: tasks.length - added.length - changed.length } });
    });
  }

  /**
   * Fires a trigger (§5): applies it to the tasks that use it, creates, abandons and schedules
   * instances, records it in latest kwargs. Resolves with the instances it scheduled.
   *
   * @example
   * const scheduled = await manager.fire('questionnaireComplete', { pages: 3 });
   * scheduled.map((i) => i.name); // ['t_importSubject#0']
   * @throws TypeError when kwargs is not a plain object.
   */
  async fire(trigger: string, kwargs: Kwargs = {}): Promise<TaskInstance[]> {
    requireName(trigger, 'A trigger name');
    requirePlainObject(kwargs, `Kwargs of trigger '${trigger}'`);
    return this.operation(async () => {
      const scheduled = await this.transaction((ctx, tx) => fireWithin(ctx, tx, trigger, kwargs));
      await this.postFire(trigger, scheduled);
      return scheduled;
    });
  }

  /**
   * Marks a failed instance `replayed` and schedules a clone of it (§12). Replacement kwargs,
   * when given, replace *all* of the clone's trigger kwargs (no merge). Resolves with the clone.
   *
   * @example
   * const clone = await manager.replayFailedInstance('t_importSubject#0', {
   *   firstPageReceived: { responses: { q1: 'corrected' } },
   *   questionnaireComplete: {},
   * });
   * clone.metadata.parent; // 't_importSubject#0'
   * // `options.metadata` is added to the clone's metadata (e.g. who asked for the replay, and why).
   * @throws InstanceNotFoundError, InvalidStatusError (not failed), TypeError (bad kwargs shape).
   */
  async replayFailedInstance(
    instance: string,
    replacementKwargs?: TriggerKwargs | null,
    options: { metadata?: InstanceMetadata } = {},
  ): Promise<TaskInstance> {
    requireName(instance, 'An instance name');
    if (options.metadata !== undefined) requirePlainObject(options.metadata, `Metadata for the replay of '${instance}'`);
    if (replacementKwargs !== undefined && replacementKwargs !== null && !isTriggerKwargs(replacementKwargs)) {
      throw new TypeError(
        `Replacement kwargs for instance '${instance}' must be an object whose values are objects (kwargs keyed by trigger name).`,
      );
    }
    assertStorable(replacementKwargs, `Replacement kwargs for instance '${instance}'`);
    return this.operation(async () => {
      const clone = await this.transaction(async (ctx, tx) =>
        replayWithin(ctx, tx, await loadFailed(ctx, tx, instance, 'replay'), replacementKwargs, options.metadata),
      );
      await this.postReplay(clone);
      return clone;
    });
  }

  /**
   * Marks a failed instance `skipped` (§13). With `cascade: true`, fires the task's name with
   * `result` as if the instance had finished with it. Resolves with the skipped instance.
   *
   * @example
   * await manager.skipFailedInstance('t_importSubject#0', { cascade: true, result: { subjectId: 42 } });
   * // `options.metadata` is merged into the skipped instance's metadata (who skipped it, and why).
   * @throws InstanceNotFoundError, InvalidStatusError (not failed), TypeError (result not an object).
   */
  async skipFailedInstance(
    instance: string,
    options: { cascade?: boolean; result?: Kwargs; metadata?: InstanceMetadata } = {},
  ): Promise<TaskInstance> {
    requireName(instance, 'An instance name');
    if (options.metadata !== undefined) requirePlainObject(options.metadata, `Metadata for the skip of '${instance}'`);
    const cascade = options.cascade ?? false;
    const result = options.result ?? {};
    requirePlainObject(result, `The simulated result for instance '${instance}'`);
    return this.operation(async () => {
      const { skipped, scheduled, error } = await this.transaction(async (ctx, tx) => {
        const failed = await loadFailed(ctx, tx, instance, 'skip');
        const { result: _ignored, ...extra } = options.metadata ?? {};
        const marked = withStatus(failed, 'skipped', ctx.now, { ...extra, cascade, skippedResult: result });
        await tx.saveInstances([marked]);
        tx.recordEvent({
          at: ctx.now,
          kind: 'instance-skipped',
          task: marked.task,
          instance: marked.name,
          data: { cascade, simulatedResult: cascade ? result : null, metadata: metadataDelta(failed.metadata, marked.metadata) },
        });
        const fired = cascade ? await cascadeWithin(ctx, tx, marked.task, result) : { scheduled: [] };
        return { skipped: marked, ...fired };
      });
      if (error) throw error.cause; // the skip is saved; its cascade failed
      if (cascade) await this.postFire(skipped.task, scheduled);
      await this.postSkip(skipped, cascade);
      return skipped;
    });
  }

  /**
   * The low-level status change used by runners and tools. Does not validate transitions; with
   * `cascade: true` fires the task's name with `cascadeKwargs` afterwards.
   *
   * @example
   * await manager.updateInstanceStatus('t_importSubject#0', 'failed', {
   *   metadata: { exceptionType: 'WorkerLost', exceptionMessage: 'worker stopped answering' },
   * });
   * @throws InstanceNotFoundError; TypeError for a status that is not one of the eight.
   */
  async updateInstanceStatus(
    instance: string,
    status: InstanceStatus,
    options: UpdateStatusOptions = {},
  ): Promise<TaskInstance> {
    requireName(instance, 'An instance name');
    if (!(INSTANCE_STATUSES as readonly string[]).includes(status)) {
      throw new TypeError(
        `Cannot set instance '${instance}' to status '${String(status)}': it must be one of ${INSTANCE_STATUSES.join(', ')}.`,
      );
    }
    if (options.metadata !== undefined) requirePlainObject(options.metadata, `Metadata for instance '${instance}'`);
    const cascadeKwargs = options.cascadeKwargs ?? {};
    requirePlainObject(cascadeKwargs, `Cascade kwargs for instance '${instance}'`);
    return this.operation(async () => {
      const { updated, scheduled, error } = await this.transaction(async (ctx, tx) => {
        const current = await loadForUpdate(ctx, tx, instance);
        if (options.expectedStatus !== undefined && current.status !== options.expectedStatus) {
          throw new InvalidStatusError(instance, current.status, `set to '${status}' (expected '${options.expectedStatus}')`);
        }
        const changed = withStatus(current, status, ctx.now, options.metadata);
        await tx.saveInstances([changed]);
        recordStatusChange(tx, ctx.now, current, changed);
        const fired = options.cascade ? await cascadeWithin(ctx, tx, changed.task, cascadeKwargs) : { scheduled: [] };
        return { updated: changed, ...fired };
      });
      if (error) throw error.cause; // the status is saved; its cascade failed
      if (options.cascade) await this.postFire(updated.task, scheduled);
      return updated;
    });
  }

  /**
   * What `fire(trigger, kwargs)` would do right now — create, apply, abandon, schedule — without
   * doing any of it: computed by the same rules under the lock, then rolled back. Used to show
   * what a skip's cascade would release before anyone confirms it.
   *
   * @example
   * const preview = await manager.previewFire('t_importSubject', { subjectId: 42 });
   * preview.ready; // ['t_scoreQuestionnaire#0'] would run
   */
  async previewFire(trigger: string, kwargs: Kwargs = {}): Promise<FirePreview> {
    requireName(trigger, 'A trigger name');
    requirePlainObject(kwargs, `Kwargs of trigger '${trigger}'`);
    try {
      await this.transaction(async (ctx, tx) => {
        const { users, views, plan } = await planFireWithin(ctx, tx, trigger, kwargs);
        const isNew = (i: TaskInstance) => instanceSequence(i.name) >= (views.get(i.task)?.instanceCount ?? 0);
        throw new PreviewRollback({
          trigger,
          tasks: users.map((t) => t.name),
          created: plan.changed.filter(isNew).map((i) => i.name),
          applied: plan.changed.filter((i) => !isNew(i)).map((i) => i.name),
          abandoned: plan.changed.filter((i) => i.status === 'abandoned').map((i) => i.name),
          ready: plan.ready.map((i) => i.name),
        });
      });
    } catch (signal) {
      if (signal instanceof PreviewRollback) return signal.preview;
      throw signal;
    }
    throw new Error('unreachable: a preview always rolls back');
  }

  /**
   * Merges metadata (shallow: each given key replaces the stored one) without changing the
   * status; only `lastModified` among the timestamps changes.
   *
   * @example
   * await manager.updateInstanceMetadata('t_importSubject#0', { ticket: 'SUP-1234' });
   * @throws InstanceNotFoundError.
   */
  async updateInstanceMetadata(instance: string, metadata: InstanceMetadata): Promise<TaskInstance> {
    return this.changeMetadata(instance, metadata, 'metadata-updated');
  }

  private changeMetadata(instance: string, metadata: InstanceMetadata, kind: 'metadata-updated' | 'logs-resolved'): Promise<TaskInstance> {
    requireName(instance, 'An instance name');
    requirePlainObject(metadata, `Metadata for instance '${instance}'`);
    return this.transaction(async (ctx, tx) => {
      const current = await loadForUpdate(ctx, tx, instance);
      const updated = withMetadata(current, metadata, ctx.now);
      await tx.saveInstances([updated]);
      tx.recordEvent({
        at: ctx.now,
        kind,
        task: updated.task,
        instance: updated.name,
        data: { metadata: metadataDelta(current.metadata, updated.metadata) },
      });
      return updated;
    });
  }

  /**
   * Records that someone has read the instance's error-level logs (§18); status unchanged.
   *
   * @example
   * await manager.markInstanceLogsResolved('t_importSubject#0');
   * @throws InstanceNotFoundError.
   */
  async markInstanceLogsResolved(instance: string): Promise<TaskInstance> {
    return this.changeMetadata(instance, { logsResolved: true }, 'logs-resolved');
  }

  /**
   * Runs one scheduled instance to its outcome (§10). Runners call this; it does nothing when
   * the instance is no longer `scheduled` (a job delivered twice). Handler errors are recorded
   * on the instance; only engine errors (store, hooks) reject.
   *
   * @example
   * // inside a custom runner's worker loop (metadata is merged in when the run starts):
   * await manager.runInstance('t_importSubject#0', { metadata: { worker: { id: 'w1' } } });
   */
  async runInstance(instance: string, options: { metadata?: InstanceMetadata } = {}): Promise<void> {
    await this.operation(() =>
      runInstance(instance, options.metadata ?? {}, {
        manager: this,
        transaction: (work) => this.transaction(work),
        postFire: (trigger, scheduled) => this.postFire(trigger, scheduled),
        postReplay: (clone) => this.postReplay(clone),
      }),
    );
  }

  /**
   * Hands a `scheduled` instance to its runner again, e.g. after the process that held it in
   * memory died (InlineRunner queues do not survive a crash). Resolves false, changing nothing,
   * when the instance is no longer scheduled; a runner that starts it twice is harmless,
   * because a run only starts from `scheduled`.
   *
   * @example
   * for (const name of strandedScheduledInstances) await manager.redispatchInstance(name);
   * @throws InstanceNotFoundError.
   */
  async redispatchInstance(instance: string): Promise<boolean> {
    requireName(instance, 'An instance name');
    return this.operation(() =>
      this.transaction(async (ctx, tx) => {
        const current = await loadForUpdate(ctx, tx, instance);
        if (current.status !== 'scheduled') return false;
        const tasks = new Map((await tx.tasks()).map((t) => [t.name, t]));
        const runner = this.resolveRunner(tasks.get(current.task)?.using ?? null);
        if (!runner) {
          const { changed } = await dispatch(ctx, tx, [current], tasks);
          await tx.saveInstances(changed);
          for (const after of changed) recordStatusChange(tx, ctx.now, current, after);
          return false;
        }
        await runner.run(this, current, { uid: ctx.uid, transaction: tx });
        return true;
      }),
    );
  }

  /**
   * Resolves when the public operation on the current call chain (if any) has finished,
   * including its hook. InlineRunner waits for it so a run never overtakes its dispatcher.
   */
  currentOperationSettled(): Promise<void> {
    return scopedValue<Promise<void>>(this) ?? Promise.resolve();
  }

  /** Called after a firing (and each cascade) with the instances it scheduled. */
  protected async postFire(_trigger: string, _scheduled: TaskInstance[]): Promise<void> {}

  /** Called after a replay (manual or by `ctx.retry()`) with the clone. */
  protected async postReplay(_clone: TaskInstance): Promise<void> {}

  /** Called after an operator skip (after the cascade's postFire when cascading). */
  protected async postSkip(_instance: TaskInstance, _cascade: boolean): Promise<void> {}

  private resolveRunner(name: string | null): TaskRunner | undefined {
    return name === null ? this.runner : this.runnersByName.get(name);
  }

  /** One locked transaction with one clock reading. */
  private transaction<T>(work: (ctx: OperationContext, tx: SessionTransaction) => Promise<T>): Promise<T> {
    return this.store.transaction((tx) =>
      work(
        {
          uid: this.store.uid,
          now: this.clock().toISOString(),
          manager: this,
          resolveRunner: (name) => this.resolveRunner(name),
        },
        tx,
      ),
    );
  }

  /** Marks the extent of a public operation, hook included (see currentOperationSettled). */
  private async operation<T>(work: () => Promise<T>): Promise<T> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    try {
      return await runScoped(this, settled, work);
    } finally {
      settle();
    }
  }
}
