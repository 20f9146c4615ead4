/**
 * What support staff do to sessions — replay, skip, fire, mark logs resolved — as functions that
 * validate raw form input (zod, shared with the forms), call the engine, and return a typed
 * result for the form instead of throwing. Server actions are thin wrappers around these.
 */
import type { z } from 'zod';
import { getInstanceDetail } from '@/lib/db/queries/instances';
import type { EngineRuntime } from '@/lib/runtime/engine';
import {
  ConfigurationError,
  InstanceNotFoundError,
  InvalidStatusError,
  type FirePreview,
  type TaskInstance,
} from '@/lib/triggers';
import { fireTriggerSchema, markLogsResolvedSchema, replaySchema, skipSchema } from '@/lib/validations/recovery';

export type ActionResult<T = undefined> =
  | { ok: true; message: string; data: T }
  | { ok: false; message: string; code?: FailureCode; fieldErrors?: Record<string, string[]> };

/**
 * Why an action changed nothing, for callers that branch on it (bulk outcomes): the input was
 * invalid, the instance does not exist, or someone already replayed or skipped it.
 */
export type FailureCode = 'invalid-input' | 'not-found' | 'already-handled' | 'rejected';

/** Extra context recorded with a replay or skip (the bulk operation it belongs to). */
export interface RecoveryContext {
  bulkOperation?: string;
}

/** Who acted (a signed-in user once sign-in lands). */
export interface Actor {
  name: string;
}

function invalid(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, code: 'invalid-input', message: 'Nothing was changed: please correct the highlighted fields.', fieldErrors };
}

function formInput(input: FormData | Record<string, unknown>): Record<string, unknown> {
  return input instanceof FormData ? Object.fromEntries(input.entries()) : input;
}

/** Explains why an instance can no longer be replayed or skipped: who handled it, when, how. */
async function alreadyHandled(engine: EngineRuntime, uid: string, name: string, status: string): Promise<string> {
  const detail = await getInstanceDetail(engine.db, uid, name);
  const meta = detail?.instance.metadata ?? {};
  if (status === 'replayed') {
    const clone = detail?.descendants.find((d) => d.parent === name);
    const by = (clone && (await getInstanceDetail(engine.db, uid, clone.name))?.instance.metadata.replay) as
      | { by?: string; at?: string }
      | undefined;
    return `${name} was already replayed${by?.by ? ` by ${by.by}` : ''}${clone ? ` as ${clone.name}` : ''}${by?.at ? ` at ${by.at}` : ''}: nothing was changed.`;
  }
  if (status === 'skipped') {
    const skip = meta.skip as { by?: string; at?: string } | undefined;
    return `${name} was already skipped${skip?.by ? ` by ${skip.by}` : ''}${skip?.at ? ` at ${skip.at}` : ''}: nothing was changed.`;
  }
  return `${name} is ${status}, not failed: only failed instances can be replayed or skipped. Nothing was changed.`;
}

async function engineFailure(engine: EngineRuntime, uid: string, name: string, error: unknown): Promise<ActionResult<never>> {
  if (error instanceof InstanceNotFoundError) return { ok: false, code: 'not-found', message: error.message };
  if (error instanceof InvalidStatusError) {
    return { ok: false, code: 'already-handled', message: await alreadyHandled(engine, uid, name, error.status) };
  }
  if (error instanceof TypeError || error instanceof ConfigurationError) return { ok: false, code: 'rejected', message: error.message };
  throw error;
}

/** Replays a failed instance with its original kwargs or with replacement kwargs (which replace all). */
export async function replayInstance(
  engine: EngineRuntime,
  raw: FormData | Record<string, unknown>,
  actor: Actor,
  context: RecoveryContext = {},
): Promise<ActionResult<{ clone: TaskInstance }>> {
  const parsed = replaySchema.safeParse(formInput(raw));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  const replacement = input.mode === 'replacement' ? (input.replacementKwargs as Record<string, Record<string, unknown>>) : null;
  try {
    const clone = await engine.managerFor(input.uid).replayFailedInstance(input.instance, replacement, {
      metadata: {
        replay: {
          by: actor.name,
          reason: input.reason,
          at: new Date().toISOString(),
          replacementKwargs: replacement !== null,
          ...context,
        },
      },
    });
    return { ok: true, message: `Replaying ${input.instance} as ${clone.name}.`, data: { clone } };
  } catch (error) {
    return engineFailure(engine, input.uid, input.instance, error);
  }
}

/** Skips a failed instance, optionally cascading a simulated result to the tasks waiting on it. */
export async function skipInstance(
  engine: EngineRuntime,
  raw: FormData | Record<string, unknown>,
  actor: Actor,
  context: RecoveryContext = {},
): Promise<ActionResult<{ skipped: TaskInstance }>> {
  const parsed = skipSchema.safeParse(formInput(raw));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  try {
    const skipped = await engine.managerFor(input.uid).skipFailedInstance(input.instance, {
      cascade: input.cascade,
      result: input.simulatedResult,
      metadata: { skip: { by: actor.name, reason: input.reason, at: new Date().toISOString(), ...context } },
    });
    return {
      ok: true,
      message: input.cascade
        ? `Skipped ${input.instance}; its simulated result was cascaded to the tasks waiting on ${skipped.task}.`
        : `Skipped ${input.instance}. Tasks waiting on ${skipped.task} will not run.`,
      data: { skipped },
    };
  } catch (error) {
    return engineFailure(engine, input.uid, input.instance, error);
  }
}

/** What skipping with a cascade would do now: which tasks wait on this one, which would run. */
export async function previewSkipCascade(
  engine: EngineRuntime,
  uid: string,
  instance: string,
  simulatedResult: Record<string, unknown> = {},
): Promise<FirePreview> {
  const manager = engine.managerFor(uid);
  const current = await manager.store.instance(instance);
  return manager.previewFire(current.task, simulatedResult);
}

/** Fires a trigger into a session by hand. */
export async function fireTrigger(
  engine: EngineRuntime,
  raw: FormData | Record<string, unknown>,
  actor: Actor,
): Promise<ActionResult<{ scheduled: string[] }>> {
  const parsed = fireTriggerSchema.safeParse(formInput(raw));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  void actor; // recorded by the audit trail (issue 8)
  try {
    const scheduled = await engine.managerFor(input.uid).fire(input.trigger, input.kwargs);
    const names = scheduled.map((i) => i.name);
    return {
      ok: true,
      message: names.length ? `Fired ${input.trigger}: scheduled ${names.join(', ')}.` : `Fired ${input.trigger}: no instance became ready.`,
      data: { scheduled: names },
    };
  } catch (error) {
    if (error instanceof TypeError) return { ok: false, code: 'rejected', message: error.message };
    throw error;
  }
}

/** Records that someone read an instance's error-level logs. */
export async function markLogsResolved(
  engine: EngineRuntime,
  raw: FormData | Record<string, unknown>,
  actor: Actor,
): Promise<ActionResult<{ instance: TaskInstance }>> {
  const parsed = markLogsResolvedSchema.safeParse(formInput(raw));
  if (!parsed.success) return invalid(parsed.error);
  const { uid, instance } = parsed.data;
  try {
    const manager = engine.managerFor(uid);
    await manager.markInstanceLogsResolved(instance);
    const updated = await manager.updateInstanceMetadata(instance, {
      logsResolvedBy: { by: actor.name, at: new Date().toISOString() },
    });
    return { ok: true, message: `Logs of ${instance} marked resolved.`, data: { instance: updated } };
  } catch (error) {
    return engineFailure(engine, uid, instance, error);
  }
}
