/**
 * Steps of the manager's operations that run *inside* one locked transaction. They combine the
 * pure rules with the store's transaction; hooks and runs happen outside, after release.
 */
import { ConfigurationError, InstanceNotFoundError, InvalidStatusError } from './errors';
import { failureMetadata } from './failure';
import type { FirePlan, TaskFireView } from './rules';
import { cloneForReplay, instanceSequence, planFire, withStatus } from './rules';
import type { SessionTransaction } from './store';
import type { TaskRunner } from './runner';
import type { InstanceMetadata, Kwargs, TaskConfig, TaskInstance, TriggerKwargs } from './types';
import type { TriggerManager } from './manager';

/** What one operation needs besides the transaction: one clock reading and the runners. */
export interface OperationContext {
  uid: string;
  now: string;
  manager: TriggerManager;
  /** The runner for a task's `using` (null = default), or undefined when it cannot be resolved. */
  resolveRunner(name: string | null): TaskRunner | undefined;
}

/** Loads an instance for a change, or throws InstanceNotFoundError with a hint for task names. */
export async function loadForUpdate(
  ctx: OperationContext,
  tx: SessionTransaction,
  name: string,
): Promise<TaskInstance> {
  const instance = await tx.instance(name);
  if (instance) return instance;
  const isTaskName = (await tx.tasks()).some((task) => task.name === name);
  throw new InstanceNotFoundError(name, { uid: ctx.uid, isTaskName });
}

/** Loads a failed instance for replay or skip, checking its status under the lock. */
export async function loadFailed(
  ctx: OperationContext,
  tx: SessionTransaction,
  name: string,
  action: 'replay' | 'skip',
): Promise<TaskInstance> {
  const instance = await loadForUpdate(ctx, tx, name);
  if (instance.status !== 'failed') throw new InvalidStatusError(name, instance.status, action);
  return instance;
}

/**
 * Hands ready instances to their runners and marks them `scheduled` (§5 step 6, §20). An
 * instance whose runner cannot be resolved, or whose runner refuses it, is marked `failed`
 * with the error recorded instead, and the rest proceed. Returns every instance it changed.
 */
export async function dispatch(
  ctx: OperationContext,
  tx: SessionTransaction,
  ready: readonly TaskInstance[],
  tasks: ReadonlyMap<string, TaskConfig>,
): Promise<{ scheduled: TaskInstance[]; changed: TaskInstance[] }> {
  const scheduled: TaskInstance[] = [];
  const changed: TaskInstance[] = [];
  for (const instance of ready) {
    const using = tasks.get(instance.task)?.using ?? null;
    try {
      const runner = ctx.resolveRunner(using);
      if (!runner) {
        throw new ConfigurationError(
          `Task '${instance.task}': directive 'using' names runner '${using}', which this manager does not have; instance '${instance.name}' was not dispatched.`,
          instance.task,
          'using',
        );
      }
      const handOver = () => runner.run(ctx.manager, instance, { uid: ctx.uid, transaction: tx });
      // A savepoint, so a runner whose SQL fails (e.g. an enqueue) fails this instance only.
      await (runner.writesToTransaction ? tx.savepoint(handOver) : handOver());
      const marked = withStatus(instance, 'scheduled', ctx.now);
      scheduled.push(marked);
      changed.push(marked);
    } catch (error) {
      changed.push(withStatus(instance, 'failed', ctx.now, failureMetadata(error, ctx.manager.formatStack)));
    }
  }
  return { scheduled, changed };
}

/** §5 steps 2–3 inside the transaction: what a firing would change, nothing written yet. */
export async function planFireWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  trigger: string,
  kwargs: Kwargs,
): Promise<{ users: TaskConfig[]; views: Map<string, TaskFireView>; plan: FirePlan }> {
  const tasks = await tx.tasks();
  const users = tasks.filter((t) => t.after.includes(trigger) || t.unless.includes(trigger));
  const latest = await tx.latestKwargsOf([...new Set(users.flatMap((t) => [...t.after, ...t.unless]))]);
  const views: Map<string, TaskFireView> = users.length ? await tx.fireViews(users.map((t) => t.name)) : new Map();
  const plan = planFire({ trigger, kwargs, tasks: users, views, latest, now: ctx.now });
  return { users, views, plan };
}

/** §5 steps 2–6 inside the transaction; returns the instances it scheduled. */
export async function fireWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  trigger: string,
  kwargs: Kwargs,
): Promise<TaskInstance[]> {
  const { users, views, plan } = await planFireWithin(ctx, tx, trigger, kwargs);
  // Save first (§5 step 5): a runner may read or reference what the firing created.
  await tx.saveInstances(plan.changed);
  await tx.setLatestKwargs(trigger, kwargs);
  const { scheduled, changed } = await dispatch(
    ctx,
    tx,
    plan.ready,
    new Map(users.map((t) => [t.name, t])),
  );
  await tx.saveInstances(changed);
  const isNew = (i: TaskInstance) => instanceSequence(i.name) >= (views.get(i.task)?.instanceCount ?? 0);
  tx.recordEvent({
    at: ctx.now,
    kind: 'trigger-fired',
    data: {
      trigger,
      kwargs,
      tasks: users.map((t) => t.name),
      created: plan.changed.filter(isNew).map((i) => i.name),
      applied: plan.changed.filter((i) => !isNew(i) && i.status !== 'abandoned').map((i) => i.name),
      abandoned: plan.changed.filter((i) => i.status === 'abandoned').map((i) => i.name),
      released: plan.ready.map((i) => i.name),
      scheduled: scheduled.map((i) => i.name),
    },
  });
  return scheduled;
}

/**
 * §12 steps 2–5: marks `original` replayed, creates its clone and schedules it at once, without
 * checking canRun/canAbandon. Returns the clone as saved.
 */
export async function replayWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  original: TaskInstance,
  replacementKwargs: TriggerKwargs | null | undefined,
  cloneMetadata: InstanceMetadata = {},
  /** Said in the journal: a replay by someone, or a retry asked for by the handler. */
  by: 'replay' | 'retry' = 'replay',
): Promise<TaskInstance> {
  const replayed = withStatus(original, 'replayed', ctx.now);
  const sequence = await tx.instanceCount(original.task);
  const clone = cloneForReplay(original, sequence, ctx.now, replacementKwargs, cloneMetadata);
  await tx.saveInstances([replayed, clone]);
  const tasks = new Map((await tx.tasks()).map((t) => [t.name, t]));
  const { changed } = await dispatch(ctx, tx, [clone], tasks);
  await tx.saveInstances(changed);
  const saved = changed[0] as TaskInstance;
  tx.recordEvent({
    at: ctx.now,
    kind: 'instance-replayed',
    task: original.task,
    instance: original.name,
    data: { by, clone: saved.name, cloneStatus: saved.status, replacementKwargs: replacementKwargs ?? null },
  });
  return saved;
}

/**
 * The cascade of a status already saved in this transaction (a success, a skip with cascade).
 * It runs in a savepoint: if it fails, the saved status still commits (§10 step 6: a finished
 * instance stays finished) and the error is handed back to be raised after the commit.
 */
export async function cascadeWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  task: string,
  kwargs: Kwargs,
): Promise<{ scheduled: TaskInstance[]; error?: { cause: unknown } }> {
  try {
    return { scheduled: await tx.savepoint(() => fireWithin(ctx, tx, task, kwargs)) };
  } catch (cause) {
    return { scheduled: [], error: { cause } };
  }
}
