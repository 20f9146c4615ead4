/**
 * Base class so callers can tell engine errors from anything else. Every subclass spells its
 * `name` out: it is recorded as `exceptionType`, and minifiers rename classes.
 *
 * `instanceof` also recognises errors made by *another copy* of this module: a Next.js server
 * bundles code once per entry (instrumentation, each route), so the engine that threw and the
 * code that catches may hold different classes. Each class owns a `brand` (its name, spelled
 * out); an error is an instance when a class in its prototype chain is this one or carries the
 * same brand.
 */
export class TriggerEngineError extends Error {
  static readonly brand: string = 'TriggerEngineError';
  override name = 'TriggerEngineError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const brand = Object.hasOwn(this, 'brand') ? this.brand : undefined;
    for (let proto: unknown = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
      const ctor = (proto as { constructor?: { brand?: unknown } }).constructor;
      if (ctor === this) return true;
      if (brand !== undefined && ctor && Object.hasOwn(ctor, 'brand') && ctor.brand === brand) return true;
    }
    return false;
  }
}

/** An instance name that does not exist in the session (a task name is not an instance name). */
export class InstanceNotFoundError extends TriggerEngineError {
  static override readonly brand: string = 'InstanceNotFoundError';
  override name = 'InstanceNotFoundError';
  constructor(
    readonly instanceName: string,
    options: { uid?: string; isTaskName?: boolean } = {},
  ) {
    const where = options.uid === undefined ? '' : ` in session '${options.uid}'`;
    const hint = options.isTaskName
      ? ` '${instanceName}' is a task name; instance names look like '${instanceName}#0' (use instancesOfTask('${instanceName}') to list them).`
      : ` Instance names look like 't_task#0'.`;
    super(`No task instance named '${instanceName}'${where}.${hint}`);
  }
}

/** A task (configuration) or handler name that is not known. */
export class TaskNotFoundError extends TriggerEngineError {
  static override readonly brand: string = 'TaskNotFoundError';
  override name = 'TaskNotFoundError';
  constructor(
    readonly taskName: string,
    message?: string,
  ) {
    super(message ?? `No task handler registered under the name '${taskName}'.`);
  }
}

/** Replay or skip of an instance that is not `failed`. */
export class InvalidStatusError extends TriggerEngineError {
  static override readonly brand: string = 'InvalidStatusError';
  override name = 'InvalidStatusError';
  constructor(
    readonly instanceName: string,
    readonly status: string,
    action: string,
  ) {
    const only =
      action === 'replay' || action === 'skip'
        ? `, and only failed instances can be ${action === 'replay' ? 'replayed' : 'skipped'}`
        : '';
    super(`Cannot ${action} instance '${instanceName}': its status is '${status}'${only}.`);
  }
}

/** An invalid task definition; nothing was saved. */
export class ConfigurationError extends TriggerEngineError {
  static override readonly brand: string = 'ConfigurationError';
  override name = 'ConfigurationError';
  constructor(
    message: string,
    readonly taskName?: string,
    readonly directive?: string,
  ) {
    super(message);
  }
}

/** `ctx.retry()` when the handler's retry budget is spent. */
export class MaxRetriesExceeded extends TriggerEngineError {
  static override readonly brand: string = 'MaxRetriesExceeded';
  override name = 'MaxRetriesExceeded';
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Input that does not fit: a task's kwargs (or result) failing its declared schema, or a handler
 * rejecting a value itself. `context.issues` lists `{ path, message }` with dot paths.
 */
export class ValidationError extends TriggerEngineError {
  static override readonly brand: string = 'ValidationError';
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly context: Record<string, unknown> & { issues?: Array<{ path: string; message: string }> } = {},
  ) {
    super(message);
  }
}
