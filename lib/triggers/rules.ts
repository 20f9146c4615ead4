/**
 * The engine's rules as pure functions over plain data (docs/engine-behaviour.md §5, §9, §12, §15).
 * Stores do the I/O around them; nothing here reads a clock or a database. Functions that
 * "change" an instance return a new object and leave their inputs untouched.
 */
import { copyJson } from './json';
import type {
  InstanceMetadata,
  InstanceStatus,
  Kwargs,
  TaskConfig,
  TaskInstance,
  TriggerKwargs,
} from './types';

const RESOLVED: ReadonlySet<InstanceStatus> = new Set([
  'finished',
  'skipped',
  'replayed',
  'abandoned',
]);

/** Resolved = finished | skipped | replayed | abandoned. */
export function isResolved(instance: TaskInstance): boolean {
  return RESOLVED.has(instance.status);
}

/** May still receive triggers (not the same as "ready to run"). */
function canSchedule(instance: TaskInstance): boolean {
  return instance.status === 'unstarted';
}

/** Unstarted, and every trigger of a non-empty `unless` has been applied. */
export function canAbandon(instance: TaskInstance, config: TaskConfig): boolean {
  return (
    canSchedule(instance) &&
    config.unless.length > 0 &&
    config.unless.every((trigger) => instance.abandonState.includes(trigger))
  );
}

/** Unstarted, every `after` trigger applied, and not abandonable (abandonment wins). */
export function canRun(instance: TaskInstance, config: TaskConfig): boolean {
  return (
    canSchedule(instance) &&
    config.after.every((trigger) => Object.hasOwn(instance.kwargs, trigger)) &&
    !canAbandon(instance, config)
  );
}

export function canReplay(instance: TaskInstance): boolean {
  return instance.status === 'failed';
}

export function canSkip(instance: TaskInstance): boolean {
  return instance.status === 'failed';
}

/** Error-level logs matter only on instances that are not abandoned, replayed or skipped (§18). */
export function logsResolved(instance: TaskInstance): boolean {
  const relevant = !['abandoned', 'replayed', 'skipped'].includes(instance.status);
  return (
    !relevant || (instance.metadata.logLevel ?? 0) < 40 || instance.metadata.logsResolved === true
  );
}

export function instanceName(task: string, sequence: number): string {
  return `${task}#${sequence}`;
}

/** The `n` of `task#n` (task names may themselves contain '#'). */
export function instanceSequence(name: string): number {
  return Number(name.slice(name.lastIndexOf('#') + 1));
}

export function bySequence(a: TaskInstance, b: TaskInstance): number {
  return instanceSequence(a.name) - instanceSequence(b.name);
}

/**
 * Shallow-merges `metadata` into the instance's, then stamps the timestamps: `created` if it
 * went missing, `lastModified` always, and the entered `status` when there is one (§15).
 */
export function withMetadata(
  instance: TaskInstance,
  metadata: InstanceMetadata | undefined,
  now: string,
  status?: InstanceStatus,
): TaskInstance {
  const merged: InstanceMetadata = { ...copyJson(instance.metadata), ...copyJson(metadata ?? {}) };
  const timestamps = { ...(merged.timestamps ?? {}) } as NonNullable<InstanceMetadata['timestamps']>;
  timestamps.created ??= now;
  timestamps.lastModified = now;
  if (status !== undefined) timestamps[status] = now;
  merged.timestamps = timestamps;
  return { ...copyJson(instance), status: status ?? instance.status, metadata: merged };
}

/** Enters `status`, merging `metadata` (shallow) and stamping the timestamps. */
export function withStatus(
  instance: TaskInstance,
  status: InstanceStatus,
  now: string,
  metadata?: InstanceMetadata,
): TaskInstance {
  return withMetadata(instance, metadata, now, status);
}

/** A new `unstarted` instance, timestamped at creation (Port decision 4). */
export function newInstance(
  task: string,
  sequence: number,
  now: string,
  init: { kwargs?: TriggerKwargs; abandonState?: string[]; metadata?: InstanceMetadata } = {},
): TaskInstance {
  return {
    name: instanceName(task, sequence),
    task,
    status: 'unstarted',
    kwargs: copyJson(init.kwargs ?? {}),
    abandonState: [...(init.abandonState ?? [])].sort(),
    metadata: {
      ...copyJson(init.metadata ?? {}),
      timestamps: { created: now, lastModified: now, unstarted: now },
    },
  };
}

/**
 * Applies a firing to one instance (§5 "Applying"). Returns the updated instance, or null when
 * nothing applied (the instance is not unstarted, or already holds that trigger).
 */
export function applyTrigger(
  instance: TaskInstance,
  config: TaskConfig,
  trigger: string,
  kwargs: Kwargs,
): TaskInstance | null {
  if (!canSchedule(instance)) return null;
  const takesKwargs = config.after.includes(trigger) && !Object.hasOwn(instance.kwargs, trigger);
  const takesUnless =
    config.unless.includes(trigger) && !instance.abandonState.includes(trigger);
  if (!takesKwargs && !takesUnless) return null;
  const applied = copyJson(instance);
  if (takesKwargs) applied.kwargs[trigger] = copyJson(kwargs);
  if (takesUnless) applied.abandonState = [...applied.abandonState, trigger].sort();
  return applied;
}

/** What a firing needs to know about one task: how many instances it has, and which are unstarted. */
export interface TaskFireView {
  instanceCount: number;
  /** Only unstarted instances can take a trigger, be abandoned or become ready. */
  unstarted: TaskInstance[];
}

export interface FirePlan {
  /** Instances created or modified by the firing, to be saved. */
  changed: TaskInstance[];
  /** Instances that can run now, in scheduling order (already included in `changed` or not). */
  ready: TaskInstance[];
}

/**
 * The firing algorithm of §5, step 3, over plain data. `tasks` are the tasks that use the
 * trigger, in configuration order; `latest` is the session's latest kwargs before this firing.
 */
export function planFire(input: {
  trigger: string;
  kwargs: Kwargs;
  tasks: readonly TaskConfig[];
  views: ReadonlyMap<string, TaskFireView>;
  latest: TriggerKwargs;
  now: string;
}): FirePlan {
  const { trigger, kwargs, latest, now } = input;
  const changed = new Map<string, TaskInstance>();
  const ready: TaskInstance[] = [];

  for (const config of input.tasks) {
    const view = input.views.get(config.name) ?? { instanceCount: 0, unstarted: [] };
    const unstarted = [...view.unstarted].sort(bySequence);
    let create = view.instanceCount === 0 || trigger === config.andEvery;
    if (view.instanceCount > 0) {
      let appliedSomewhere = false;
      unstarted.forEach((instance, index) => {
        const applied = applyTrigger(instance, config, trigger, kwargs);
        if (applied) {
          unstarted[index] = applied;
          changed.set(applied.name, applied);
          appliedSomewhere = true;
        }
      });
      if (appliedSomewhere) create = false;
    }
    if (create) {
      const seeded = newInstance(config.name, view.instanceCount, now, {
        kwargs: Object.fromEntries(
          config.after.filter((t) => t !== trigger && Object.hasOwn(latest, t)).map((t) => [t, latest[t] as Kwargs]),
        ),
        abandonState: config.unless.filter((t) => t !== trigger && Object.hasOwn(latest, t)),
      });
      const fresh = applyTrigger(seeded, config, trigger, kwargs) ?? seeded;
      unstarted.push(fresh);
      changed.set(fresh.name, fresh);
    }
    // Sweep every unstarted instance of the task, not only those touched now.
    unstarted.forEach((instance) => {
      if (canAbandon(instance, config)) {
        changed.set(instance.name, withStatus(instance, 'abandoned', now));
      } else if (canRun(instance, config)) {
        ready.push(instance);
      }
    });
  }
  return { changed: [...changed.values()], ready };
}

/**
 * The clone a replay creates (§12, step 3–4): next sequence number of the same task, kwargs and
 * abandon state copied unless replacement kwargs are given (they replace, never merge).
 */
export function cloneForReplay(
  original: TaskInstance,
  sequence: number,
  now: string,
  replacementKwargs: TriggerKwargs | null | undefined,
  extraMetadata: InstanceMetadata = {},
): TaskInstance {
  return newInstance(original.task, sequence, now, {
    kwargs: replacementKwargs ?? original.kwargs,
    abandonState: original.abandonState,
    metadata: {
      ...extraMetadata,
      // Lineage is the engine's: extra metadata cannot rewrite it.
      parent: original.name,
      depth: (original.metadata.depth ?? 0) + 1,
    },
  });
}
