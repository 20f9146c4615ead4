/**
 * What support staff do to sessions — replay, skip, fire, mark logs resolved — as functions that
 * take typed input (parsed at the edge by runAction with the schemas of lib/validations/recovery),
 * call the engine, and return a typed result for the form instead of throwing. The bulk processor
 * calls them directly.
 */
import type { InstanceChange, SqlTransactionCapability } from '@/lib/db';
import { getInstanceDetail } from '@/lib/db/queries/instances';
import type { ActionResult } from '@/lib/actions/result';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { auditedOperation, type Actor } from '@/lib/audit';
import type { EngineRuntime } from '@/lib/runtime/engine';
import {
  ConfigurationError,
  InstanceNotFoundError,
  InvalidStatusError,
  logsResolved,
  type FirePreview,
  type TaskInstance,
} from '@/lib/triggers';
import { checkReplayKwargs, checkSkipResult, overrideRecord, schemaRefusal } from './contracts';
import { scheduledByCascade } from './skip-outcome';
import type { CascadePreviewInput, FireTriggerInput, MarkLogsResolvedInput, ReplayInput, SkipInput } from '@/lib/validations/recovery';

export type { CascadePreviewInput, FireTriggerInput, MarkLogsResolvedInput, ReplayInput, SkipInput };

/**
 * A form's input as services take it: `override` ("… anyway") and `confirmEmpty` (the skip's
 * confirm step) may be left out by other callers (bulk, tests).
 */
export type OverrideOptional<T> = T extends unknown ? Omit<T, 'override' | 'confirmEmpty'> & { override?: boolean; confirmEmpty?: boolean } : never;

/** Extra context recorded with a replay or skip (the bulk operation it belongs to). */
export interface RecoveryContext {
  bulkOperation?: string;
}

/**
 * Writes that must commit with the change itself, in the engine's transaction, after its audit
 * row (a bulk item's outcome): a crash leaves both or neither.
 */
export type AlsoInTransaction = (tx: SqlTransactionCapability) => Promise<void>;

export type { Actor };

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
  if (error instanceof LogsNeedNoResolvingError) return { ok: false, code: 'already-handled', message: error.message };
  throw error;
}

/** Replays a failed instance with its original kwargs or with replacement kwargs (which replace all). */
export async function replayInstance(
  engine: EngineRuntime,
  input: OverrideOptional<ReplayInput>,
  actor: Actor,
  context: RecoveryContext = {},
  alsoInTransaction?: AlsoInTransaction,
): Promise<ActionResult<{ uid: string; instance: string; clone: TaskInstance }>> {
  const replacement = input.mode === 'replacement' ? (input.replacementKwargs as Record<string, Record<string, unknown>>) : null;
  const issues = replacement ? await checkReplayKwargs(engine, input.uid, input.instance, replacement) : [];
  const refused = schemaRefusal('replay', issues, input.override ?? false);
  if (refused) return refused;
  const entry = {
    action: 'replay' as const,
    sessionUid: input.uid,
    instanceName: input.instance,
    input: { mode: input.mode, replacementKwargs: replacement, reason: input.reason, ...overrideRecord(issues) },
    bulkOperationId: context.bulkOperation ?? null,
  };
  try {
    const clone = await auditedOperation(engine, actor, entry, (manager) =>
      manager.replayFailedInstance(input.instance, replacement, {
      metadata: {
        replay: {
          by: actor.email,
          reason: input.reason,
          at: new Date().toISOString(),
          replacementKwargs: replacement !== null,
          ...context,
        },
      },
      }),
      alsoInTransaction,
    );
    return { ok: true, message: `Replaying ${input.instance} as ${clone.name}.`, data: { uid: input.uid, instance: input.instance, clone } };
  } catch (error) {
    return engineFailure(engine, input.uid, input.instance, error);
  }
}

/** What a skip did: the skipped instance, and what its cascade fired and scheduled (null: no cascade). */
export interface SkipDone {
  uid: string;
  instance: string;
  skipped: TaskInstance;
  cascade: { fired: string; scheduled: string[] } | null;
}

/** Skips a failed instance, optionally cascading a simulated result to the tasks waiting on it. */
export async function skipInstance(
  engine: EngineRuntime,
  input: OverrideOptional<SkipInput>,
  actor: Actor,
  context: RecoveryContext = {},
  alsoInTransaction?: AlsoInTransaction,
): Promise<ActionResult<SkipDone>> {
  // Only a cascaded result reaches other tasks: an empty one for a schema with required fields is refused too.
  const issues = input.cascade ? await checkSkipResult(engine, input.uid, input.instance, input.simulatedResult) : [];
  const refused = schemaRefusal('skip', issues, input.override ?? false);
  if (refused) return refused;
  // An empty result reaches the waiting tasks as `{}`: rarely meant, so it must be confirmed.
  if (input.cascade && Object.keys(input.simulatedResult).length === 0 && !input.confirmEmpty) {
    return {
      ok: false,
      code: 'confirm-empty-cascade',
      message: `Nothing was changed: with cascade, the tasks waiting on ${input.instance} would receive an empty result ({}). Confirm that this is meant, or enter the simulated result they should receive.`,
    };
  }
  let changes: InstanceChange[] = [];
  const entry = {
    action: 'skip' as const,
    sessionUid: input.uid,
    instanceName: input.instance,
    input: {
      cascade: input.cascade,
      simulatedResult: input.cascade ? input.simulatedResult : null,
      reason: input.reason,
      ...overrideRecord(issues),
    },
    bulkOperationId: context.bulkOperation ?? null,
  };
  try {
    const skipped = await auditedOperation(engine, actor, entry, (manager) =>
      manager.skipFailedInstance(input.instance, {
        cascade: input.cascade,
        result: input.simulatedResult,
        metadata: { skip: { by: actor.email, reason: input.reason, at: new Date().toISOString(), ...context } },
      }),
      async (tx) => {
        changes = tx.changes(); // what the skip's own transaction changed: the cascade's scheduled instances
        await alsoInTransaction?.(tx);
      },
    );
    const scheduled = scheduledByCascade(changes, input.instance);
    return {
      ok: true,
      message: !input.cascade
        ? `Skipped ${input.instance}. Tasks waiting on ${skipped.task} will not run.`
        : scheduled.length > 0
          ? `Skipped ${input.instance}. The cascade fired '${skipped.task}' and scheduled: ${scheduled.join(', ')}.`
          : `Skipped ${input.instance}. The cascade fired '${skipped.task}'; no instance became ready to run.`,
      data: { uid: input.uid, instance: input.instance, skipped, cascade: input.cascade ? { fired: skipped.task, scheduled } : null },
    };
  } catch (error) {
    return engineFailure(engine, input.uid, input.instance, error);
  }
}

/**
 * What skipping with a cascade would do now: which tasks wait on this one, which would run. An
 * unknown instance is a refusal (`not-found`), not a failure of the server.
 */
export async function previewSkipCascade(
  engine: EngineRuntime,
  { uid, instance, simulatedResult }: CascadePreviewInput,
  privacy: Pick<ViewerPrivacy, 'hidePayloads'> = { hidePayloads: false },
): Promise<ActionResult<FirePreview>> {
  const manager = engine.managerFor(uid);
  try {
    const current = await manager.store.instance(instance);
    const preview = await manager.previewFire(current.task, simulatedResult);
    // What the waiting tasks would receive is customer data: not for viewers who see no payloads.
    return { ok: true, message: '', data: privacy.hidePayloads ? { ...preview, receives: {} } : preview };
  } catch (error) {
    if (error instanceof InstanceNotFoundError) return { ok: false, code: 'not-found', message: error.message };
    throw error;
  }
}

/** Marking logs resolved that need no resolving (the engine's logsResolved rule holds already). */
class LogsNeedNoResolvingError extends Error {
  override name = 'LogsNeedNoResolvingError';
  constructor(instance: string) {
    super(`The logs of ${instance} need no resolving (nothing at error level, or already marked resolved): nothing was changed.`);
  }
}

export { fireTrigger, SessionNotFoundError, type FireDone, type FiredInstance } from './fire';

/** Records that someone read an instance's error-level logs. */
export async function markLogsResolved(
  engine: EngineRuntime,
  { uid, instance }: MarkLogsResolvedInput,
  actor: Actor,
): Promise<ActionResult<{ uid: string; instance: string; updated: TaskInstance }>> {
  const entry = { action: 'mark-logs-resolved' as const, sessionUid: uid, instanceName: instance, input: {} };
  try {
    // Both changes in one transaction, so they and their audit row commit together.
    const updated = await auditedOperation(engine, actor, entry, (manager) =>
      manager.store.transaction(async (tx) => {
        // Read in the transaction, under the session's lock: two people marking at once record it once.
        const current = await tx.instance(instance);
        if (current && logsResolved(current)) throw new LogsNeedNoResolvingError(instance);
        await manager.markInstanceLogsResolved(instance);
        return manager.updateInstanceMetadata(instance, { logsResolvedBy: { by: actor.email, at: new Date().toISOString() } });
      }),
    );
    return { ok: true, message: `Logs of ${instance} marked resolved.`, data: { uid, instance, updated } };
  } catch (error) {
    return engineFailure(engine, uid, instance, error);
  }
}
