/**
 * Base class so callers can tell engine errors from anything else. Every subclass spells its
 * `name` out: it is recorded as `exceptionType`, and minifiers rename classes.
 */
export class TriggerEngineError extends Error {
  override name = 'TriggerEngineError';
}

/** An instance name that does not exist in the session (a task name is not an instance name). */
export class InstanceNotFoundError extends TriggerEngineError {
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
  override name = 'MaxRetriesExceeded';
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
