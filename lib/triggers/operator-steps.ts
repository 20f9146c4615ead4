/**
 * Steps of the manager's other operations — configuration, skip, status and metadata changes,
 * redispatch, preview — inside one locked transaction (operations.ts: firing and replay).
 */
import { InvalidStatusError } from './errors';
import { recordStatusChange } from './execution';
import { metadataDelta } from './journal';
import type { FirePreview, UpdateStatusOptions } from './manager-options';
import type { OperationContext } from './operations';
import { cascadeWithin, dispatch, loadFailed, loadForUpdate, planFireWithin } from './operations';
import { deepMerge } from './json';
import { instanceSequence, withMetadata, withStatus } from './rules';
import type { SessionTransaction } from './store';
import { taskRepr } from './store';
import type { InstanceMetadata, InstanceStatus, Kwargs, TaskConfig, TaskInstance, TriggerKwargs } from './types';

/** Saves task configurations and journals which were added and which changed. */
export async function configureWithin(ctx: OperationContext, tx: SessionTransaction, tasks: readonly TaskConfig[]): Promise<void> {
  const before = new Map((await tx.tasks()).map((t) => [t.name, taskRepr(t)]));
  await tx.saveTasks(tasks);
  const added = tasks.filter((t) => !before.has(t.name)).map((t) => ({ name: t.name, after: taskRepr(t) }));
  const changed = tasks
    .filter((t) => before.has(t.name) && JSON.stringify(before.get(t.name)) !== JSON.stringify(taskRepr(t)))
    .map((t) => ({ name: t.name, before: before.get(t.name), after: taskRepr(t) }));
  tx.recordEvent({ at: ctx.now, kind: 'configuration-updated', data: { added, changed, unchanged: tasks.length - added.length - changed.length } });
}

type Cascaded<K extends string> = { [key in K]: TaskInstance } & { scheduled: TaskInstance[]; error?: { cause: unknown } };

/** §13: marks a failed instance skipped and, with `cascade`, fires its task's name with `result`. */
export async function skipWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  instance: string,
  options: { cascade: boolean; result: Kwargs; metadata?: InstanceMetadata },
): Promise<Cascaded<'skipped'>> {
  const { cascade, result } = options;
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
}

/** The low-level status change, with its optional cascade and compare-and-set. */
export async function setStatusWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  instance: string,
  status: InstanceStatus,
  options: UpdateStatusOptions & { cascadeKwargs: Kwargs },
): Promise<Cascaded<'updated'>> {
  const current = await loadForUpdate(ctx, tx, instance);
  if (options.expectedStatus !== undefined && current.status !== options.expectedStatus) {
    throw new InvalidStatusError(instance, current.status, `set to '${status}' (expected '${options.expectedStatus}')`);
  }
  const changed = withStatus(current, status, ctx.now, options.metadata);
  await tx.saveInstances([changed]);
  recordStatusChange(tx, ctx.now, current, changed);
  const fired = options.cascade ? await cascadeWithin(ctx, tx, changed.task, options.cascadeKwargs) : { scheduled: [] };
  return { updated: changed, ...fired };
}

/** Merges metadata without changing the status, journaled as `kind`. */
export async function changeMetadataWithin(
  ctx: OperationContext,
  tx: SessionTransaction,
  instance: string,
  metadata: InstanceMetadata,
  kind: 'metadata-updated' | 'logs-resolved',
): Promise<TaskInstance> {
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
}

/**
 * Hands a still-scheduled instance to its runner again; false when it is no longer scheduled
 * or its runner cannot be resolved (it is then failed, as a dispatch would).
 */
export async function redispatchWithin(ctx: OperationContext, tx: SessionTransaction, instance: string): Promise<boolean> {
  const current = await loadForUpdate(ctx, tx, instance);
  if (current.status !== 'scheduled') return false;
  const tasks = new Map((await tx.tasks()).map((t) => [t.name, t]));
  const runner = ctx.resolveRunner(tasks.get(current.task)?.using ?? null);
  if (!runner) {
    const { changed } = await dispatch(ctx, tx, [current], tasks);
    await tx.saveInstances(changed);
    for (const after of changed) recordStatusChange(tx, ctx.now, current, after);
    return false;
  }
  await runner.run(ctx.manager, current, { uid: ctx.uid, transaction: tx });
  return true;
}

/** Carries a preview out of a transaction that must not commit. */
class PreviewRollback {
  constructor(readonly preview: FirePreview) {}
}

/**
 * What a firing would do, computed by the same rules under the lock, then rolled back (the
 * preview leaves the transaction as an error, so nothing commits).
 */
export async function previewFire(
  transaction: (work: (ctx: OperationContext, tx: SessionTransaction) => Promise<never>) => Promise<never>,
  trigger: string,
  kwargs: Kwargs,
): Promise<FirePreview> {
  try {
    await transaction(async (ctx, tx) => {
      const { users, views, plan } = await planFireWithin(ctx, tx, trigger, kwargs);
      const isNew = (i: TaskInstance) => instanceSequence(i.name) >= (views.get(i.task)?.instanceCount ?? 0);
      throw new PreviewRollback({
        trigger,
        tasks: users.map((t) => t.name),
        created: plan.changed.filter(isNew).map((i) => i.name),
        applied: plan.changed.filter((i) => !isNew(i)).map((i) => i.name),
        abandoned: plan.changed.filter((i) => i.status === 'abandoned').map((i) => i.name),
        ready: plan.ready.map((i) => i.name),
        receives: Object.fromEntries(
          plan.ready.map((i) => [i.name, deepMerge(users.find((t) => t.name === i.task)?.withParams ?? {}, i.kwargs) as TriggerKwargs]),
        ),
      });
    });
  } catch (signal) {
    if (signal instanceof PreviewRollback) return signal.preview;
    throw signal;
  }
  throw new Error('unreachable: a preview always rolls back');
}
