/**
 * Running one scheduled instance (docs/engine-behaviour.md §10, §14): start it under the lock, call the
 * handler outside any lock, then record the outcome under the lock again.
 */
import type { TaskContext } from './context';
import { createTaskContext, RetrySignal, RunLogger, SkipSignal } from './context';
import { TaskNotFoundError, ValidationError } from './errors';
import { asError, failureMetadata, retryMetadata } from './failure';
import { assertStorable, copyJson, deepMerge, isPlainObject, jsonSafe, withoutNul } from './json';
import { metadataDelta } from './journal';
import type { TriggerManager } from './manager';
import type { OperationContext } from './operations';
import { cascadeWithin, replayWithin } from './operations';
import type { RegisteredTask } from './registry';
import { checkSchema, describeIssues } from './schemas';
import { withStatus } from './rules';
import type { SessionTransaction } from './store';
import type { InstanceMetadata, Kwargs, TaskInstance, TriggerKwargs } from './types';

export interface ExecutionDeps {
  manager: TriggerManager;
  transaction<T>(work: (ctx: OperationContext, tx: SessionTransaction) => Promise<T>): Promise<T>;
  postFire(trigger: string, scheduled: TaskInstance[]): Promise<void>;
  postReplay(clone: TaskInstance): Promise<void>;
}

type Outcome =
  | { kind: 'finished'; result: Kwargs }
  | { kind: 'failed'; metadata: InstanceMetadata }
  | { kind: 'skipped'; metadata: InstanceMetadata }
  | { kind: 'retry'; signal: RetrySignal };

interface Started {
  instance: TaskInstance;
  task: RegisteredTask;
  triggerKwargs: TriggerKwargs;
}

/** §10 steps 1–3: check it is still scheduled, resolve the handler, mark it running. */
async function start(name: string, runMetadata: InstanceMetadata, deps: ExecutionDeps): Promise<Started | null> {
  return deps.transaction(async (ctx, tx) => {
    const instance = await tx.instance(name);
    // A job delivered twice, or an instance someone else already moved on: nothing to do.
    if (!instance || instance.status !== 'scheduled') return null;
    const config = (await tx.tasks()).find((t) => t.name === instance.task);
    let task: RegisteredTask;
    try {
      if (!config) {
        throw new TaskNotFoundError(instance.task, `Instance '${name}' belongs to task '${instance.task}', which is not configured.`);
      }
      task = deps.manager.registry.get(config.run);
    } catch (error) {
      const notFound =
        error instanceof TaskNotFoundError && config
          ? new TaskNotFoundError(config.run, `Cannot run instance '${name}' of task '${instance.task}': ${error.message}`)
          : error;
      const failed = withStatus(instance, 'failed', ctx.now, failureMetadata(notFound, deps.manager.formatStack));
      await tx.saveInstances([failed]);
      recordStatusChange(tx, ctx.now, instance, failed);
      return null;
    }
    const triggerKwargs = deepMerge(config.withParams, instance.kwargs) as TriggerKwargs;
    const running = withStatus(instance, 'running', ctx.now, { ...runMetadata, actualKwargs: triggerKwargs });
    await tx.saveInstances([running]);
    recordStatusChange(tx, ctx.now, instance, running);
    return { instance: running, task, triggerKwargs };
  });
}

function describeInvalidResult(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'a class'}`;
  return `a ${typeof value}`;
}

/**
 * A run failed by a schema: a ValidationError whose context lists the issues. Its trace says what
 * happened instead of listing the engine's frames: the data is wrong, not any code support could fix.
 */
function schemaFailure(error: ValidationError, explanation: string, logger: RunLogger): Outcome {
  logger.error(error.message);
  return { kind: 'failed', metadata: { ...failureMetadata(error), exceptionInfo: `${error.name}: ${error.message}\n${explanation}` } };
}

/** Calls the handler and classifies what happened; never throws. */
async function callHandler(started: Started, deps: ExecutionDeps, logger: RunLogger): Promise<Outcome> {
  const { instance, task } = started;
  try {
    let input: unknown = undefined;
    if (task.kwargs) {
      // The handler is not called with kwargs that fail its contract (§10).
      const checked = checkSchema(task.kwargs, copyJson(started.triggerKwargs));
      if (!checked.ok) {
        return schemaFailure(
          new ValidationError(describeIssues(checked.issues), { schema: 'kwargs', issues: checked.issues }),
          `The handler '${task.name}' was not called: its kwargs do not match its kwargs schema.`,
          logger,
        );
      }
      input = checked.value;
    }
    const ctx: TaskContext<unknown> = createTaskContext({
      instanceName: instance.name,
      triggerKwargs: copyJson(started.triggerKwargs),
      input,
      retries: instance.metadata.depth ?? 0,
      maxRetries: task.maxRetries,
      manager: deps.manager,
      logger,
    });
    const value: unknown = await task.handler(ctx);
    if (value === undefined || value === null || isPlainObject(value)) {
      const result = value === undefined || value === null ? {} : value;
      if (task.result) {
        // The result is checked, not transformed: the cascade passes on what the handler returned.
        const checked = checkSchema(task.result, result);
        if (!checked.ok) {
          const message = `The result of handler '${task.name}' does not match its result schema: ${describeIssues(checked.issues)}`;
          return schemaFailure(
            new ValidationError(message, { schema: 'result', issues: checked.issues, actualResult: jsonSafe(result) }),
            'Its result was not recorded and nothing was cascaded.',
            logger,
          );
        }
      }
      if (result !== value) return { kind: 'finished', result: {} };
      assertStorable(value, `The result of instance '${instance.name}' (task '${instance.task}')`);
      return { kind: 'finished', result: copyJson(value as Kwargs) };
    }
    const error = new TypeError(
      `The handler '${task.name}' of task '${instance.task}' (instance '${instance.name}') returned ${describeInvalidResult(value)}; it must return a plain object (or nothing), because its result becomes the kwargs of the cascade.`,
    );
    logger.error(error.message);
    return {
      kind: 'failed',
      metadata: { ...failureMetadata(error, deps.manager.formatStack), exceptionContext: { actualResult: jsonSafe(value) } },
    };
  } catch (thrown) {
    if (thrown instanceof SkipSignal) return { kind: 'skipped', metadata: thrown.metadata };
    if (thrown instanceof RetrySignal) return { kind: 'retry', signal: thrown };
    const error = asError(thrown);
    logger.error(`Unhandled ${error.name} in instance '${instance.name}': ${error.message}`);
    return { kind: 'failed', metadata: failureMetadata(error, deps.manager.formatStack) };
  }
}

/**
 * Records the outcome (§10 step 5). Only an instance still `running` is changed, so a run that
 * outlived its lease cannot overwrite what happened meanwhile. Engine errors propagate.
 */
async function record(name: string, outcome: Outcome, logLevel: number, deps: ExecutionDeps): Promise<void> {
  type Effect =
    | { kind: 'cascade'; task: string; scheduled: TaskInstance[]; error?: { cause: unknown } }
    | { kind: 'replay'; clone: TaskInstance }
    | null;
  const effect = await deps.transaction(async (ctx, tx): Promise<Effect> => {
    const current = await tx.instance(name);
    if (!current || current.status !== 'running') return null;
    switch (outcome.kind) {
      case 'finished': {
        const finished = withStatus(current, 'finished', ctx.now, { result: outcome.result, logLevel });
        await tx.saveInstances([finished]);
        recordStatusChange(tx, ctx.now, current, finished);
        const { scheduled, error } = await cascadeWithin(ctx, tx, current.task, outcome.result);
        return { kind: 'cascade', task: current.task, scheduled, error };
      }
      case 'failed':
      case 'skipped':
        // withoutNul: a handler's own metadata must not make the outcome unstorable.
        const ended = withStatus(current, outcome.kind, ctx.now, withoutNul({ ...outcome.metadata, logLevel }));
        await tx.saveInstances([ended]);
        recordStatusChange(tx, ctx.now, current, ended);
        return null;
      case 'retry': {
        const written: InstanceMetadata = { ...retryMetadata(outcome.signal.options, deps.manager.formatStack), logLevel };
        const failed = withStatus(current, 'failed', ctx.now, written);
        const clone = await replayWithin(
          ctx,
          tx,
          failed,
          outcome.signal.options.replacementKwargs,
          { cooldown: written.cooldown ?? null },
          'retry',
        );
        return { kind: 'replay', clone };
      }
    }
  });
  // The instance is finished either way; an engine error in its cascade surfaces to the runner.
  if (effect?.kind === 'cascade' && effect.error) throw effect.error.cause;
  if (effect?.kind === 'cascade') await deps.postFire(effect.task, effect.scheduled);
  if (effect?.kind === 'replay') await deps.postReplay(effect.clone);
}

/** Runs one scheduled instance to its outcome. */
export async function runInstance(name: string, runMetadata: InstanceMetadata, deps: ExecutionDeps): Promise<void> {
  const started = await start(name, runMetadata, deps);
  if (!started) return;
  const logger = new RunLogger(name, deps.manager.logSink);
  const outcome = await callHandler(started, deps, logger);
  await record(name, outcome, logger.highestLevel, deps);
}

/** Journals a status change: from → to, and which metadata keys it set or removed. */
export function recordStatusChange(tx: SessionTransaction, at: string, before: TaskInstance, after: TaskInstance): void {
  tx.recordEvent({
    at,
    kind: 'instance-status-changed',
    task: after.task,
    instance: after.name,
    data: { from: before.status, to: after.status, metadata: metadataDelta(before.metadata, after.metadata) },
  });
}
