/** The TriggerManager's option and result types, and the checks of its arguments. */
import type { LogSink } from './context';
import type { StackFormatter } from './failure';
import { assertStorable, isPlainObject, isTriggerKwargs } from './json';
import type { TaskRegistry } from './registry';
import type { TaskRunner } from './runner';
import type { InstanceMetadata, InstanceStatus, Kwargs, TriggerKwargs } from './types';
import { INSTANCE_STATUSES } from './types';

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
  /**
   * Renders a failed handler's stack for `exceptionInfo` (default: V8's `error.stack`). The app
   * passes one that source-maps the frames and makes their paths project-relative.
   */
  formatStack?: StackFormatter;
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
  /** What each of those would receive as its trigger kwargs (withParams merged in), by instance. */
  receives: Record<string, TriggerKwargs>;
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

export function requirePlainObject(value: unknown, what: string): asserts value is Kwargs {
  if (!isPlainObject(value)) {
    throw new TypeError(`${what} must be a plain object; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  assertStorable(value, what);
}

export function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string.`);
  }
}

/** Metadata, when given, is a storable plain object. */
export function requireOptionalMetadata(metadata: unknown, what: string): void {
  if (metadata !== undefined) requirePlainObject(metadata, what);
}

export function requireStatus(instance: string, status: unknown): asserts status is InstanceStatus {
  if (!(INSTANCE_STATUSES as readonly unknown[]).includes(status)) {
    throw new TypeError(
      `Cannot set instance '${instance}' to status '${String(status)}': it must be one of ${INSTANCE_STATUSES.join(', ')}.`,
    );
  }
}

/** Replacement kwargs are absent, null, or kwargs keyed by trigger name, storable as written. */
export function requireReplacementKwargs(instance: string, replacementKwargs: unknown): asserts replacementKwargs is TriggerKwargs | null | undefined {
  if (replacementKwargs !== undefined && replacementKwargs !== null && !isTriggerKwargs(replacementKwargs)) {
    throw new TypeError(
      `Replacement kwargs for instance '${instance}' must be an object whose values are objects (kwargs keyed by trigger name).`,
    );
  }
  assertStorable(replacementKwargs, `Replacement kwargs for instance '${instance}'`);
}
