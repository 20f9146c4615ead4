import { parseConfiguration } from './configuration';
import type { LogSink } from './context';
import { runInstance } from './execution';
import { v8Stack, type StackFormatter } from './failure';
import { requireName, requireOptionalMetadata, requirePlainObject, requireReplacementKwargs, requireStatus } from './manager-options';
import type { FirePreview, TriggerManagerOptions, UpdateStatusOptions } from './manager-options';
import { fireWithin, loadFailed, replayWithin, type OperationContext } from './operations';
import { changeMetadataWithin, configureWithin, previewFire, redispatchWithin, setStatusWithin, skipWithin } from './operator-steps';
import { TaskRegistry } from './registry';
import type { TaskRunner } from './runner';
import { InlineRunner } from './runner';
import { runOperation, settledOperation } from './scoped';
import type { SessionStore, SessionTransaction } from './store';
import type { Configuration, InstanceMetadata, InstanceStatus, Kwargs, TaskInstance, TriggerKwargs } from './types';

export type { FirePreview, TriggerManagerOptions, UpdateStatusOptions };

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
  /** How failures' stacks are recorded (TriggerManagerOptions.formatStack). */
  readonly formatStack: StackFormatter;
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
    this.formatStack = options.formatStack ?? v8Stack;
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
    await this.transaction((ctx, tx) => configureWithin(ctx, tx, tasks));
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
    return runOperation(this, async () => {
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
    requireOptionalMetadata(options.metadata, `Metadata for the replay of '${instance}'`);
    requireReplacementKwargs(instance, replacementKwargs);
    return runOperation(this, async () => {
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
    requireOptionalMetadata(options.metadata, `Metadata for the skip of '${instance}'`);
    const cascade = options.cascade ?? false;
    const result = options.result ?? {};
    requirePlainObject(result, `The simulated result for instance '${instance}'`);
    return runOperation(this, async () => {
      const { skipped, scheduled, error } = await this.transaction((ctx, tx) =>
        skipWithin(ctx, tx, instance, { cascade, result, metadata: options.metadata }),
      );
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
    requireStatus(instance, status);
    requireOptionalMetadata(options.metadata, `Metadata for instance '${instance}'`);
    const cascadeKwargs = options.cascadeKwargs ?? {};
    requirePlainObject(cascadeKwargs, `Cascade kwargs for instance '${instance}'`);
    return runOperation(this, async () => {
      const { updated, scheduled, error } = await this.transaction((ctx, tx) =>
        setStatusWithin(ctx, tx, instance, status, { ...options, cascadeKwargs }),
      );
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
    return previewFire((work) => this.transaction(work), trigger, kwargs);
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
    return this.transaction((ctx, tx) => changeMetadataWithin(ctx, tx, instance, metadata, kind));
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
    await runOperation(this, () =>
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
    return runOperation(this, () => this.transaction((ctx, tx) => redispatchWithin(ctx, tx, instance)));
  }

  /**
   * Resolves when the public operation on the current call chain (if any) has finished,
   * including its hook. InlineRunner waits for it so a run never overtakes its dispatcher.
   */
  currentOperationSettled(): Promise<void> {
    return settledOperation(this);
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
}
