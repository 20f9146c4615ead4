/**
 * Firing a trigger into an existing session (the dashboard's form, the API, the CLI): audited,
 * and answered with the instances the fire created or made ready, read from the fire's own
 * transaction.
 */
import type { InstanceChange, SqlTransactionCapability } from '@/lib/db';
import { sessionExists } from '@/lib/db/queries/sessions';
import type { ActionResult } from '@/lib/actions/result';
import { auditedOperation, type Actor } from '@/lib/audit';
import type { EngineRuntime } from '@/lib/runtime/engine';
import type { InstanceStatus } from '@/lib/triggers';
import type { FireTriggerInput } from '@/lib/validations/recovery';
import { checkFireKwargs, overrideRecord, schemaRefusal } from './contracts';
import type { OverrideOptional } from './index';

/**
 * Firing into a session that does not exist would create it (the engine creates a session on its
 * first write): the dashboard acts on existing sessions only; creating one is the application's
 * (or the API's) job.
 */
export class SessionNotFoundError extends Error {
  override name = 'SessionNotFoundError';
  constructor(readonly uid: string) {
    super(`No session named ${uid}: nothing was fired. Sessions are created by the application (or the API).`);
  }
}

/** An instance a fire created (still waiting for other triggers, or ready) or made ready to run. */
export interface FiredInstance {
  name: string;
  task: string;
  /** Its status when the fire committed: `unstarted` (waiting) or `scheduled` (ready to run). */
  status: InstanceStatus;
  created: boolean;
}

export interface FireDone {
  uid: string;
  trigger: string;
  /** Names of the instances scheduled to run (what the dashboard's message lists). */
  scheduled: string[];
  instances: FiredInstance[];
}

/** The instances a fire's transaction created or made ready, in the order it touched them. */
export function firedInstances(changes: readonly InstanceChange[]): FiredInstance[] {
  return changes
    .filter((c) => c.from === null || (c.to === 'scheduled' && c.from !== 'scheduled'))
    .map((c) => ({ name: c.name, task: c.task, status: c.to, created: c.from === null }));
}

export interface FireOptions {
  /**
   * Writes that must commit with the fire, in its transaction, knowing what it did (the API's
   * Idempotency-Key answer): a crash leaves both or neither; throwing rolls the fire back.
   */
  alsoInTransaction?: (tx: SqlTransactionCapability, done: FireDone) => Promise<void>;
}

/** Fires a trigger into an existing session. */
export async function fireTrigger(
  engine: EngineRuntime,
  input: OverrideOptional<FireTriggerInput>,
  actor: Actor,
  options: FireOptions = {},
): Promise<ActionResult<FireDone>> {
  const issues = await checkFireKwargs(engine, input.uid, input.trigger, input.kwargs);
  const refused = schemaRefusal('fire', issues, input.override ?? false);
  if (refused) return refused;
  const entry = {
    action: 'fire-trigger' as const,
    sessionUid: input.uid,
    input: { trigger: input.trigger, kwargs: input.kwargs, reason: input.reason, ...overrideRecord(issues) },
  };
  let instances: FiredInstance[] = [];
  let ready: string[] | null = null;
  const done = (scheduled: string[]): FireDone => ({ uid: input.uid, trigger: input.trigger, scheduled, instances });
  try {
    // Checked inside the audited operation so the refusal is recorded like other refusals.
    // Sessions are never deleted, so one that exists now still exists when the fire commits.
    const scheduled = await auditedOperation(
      engine,
      actor,
      entry,
      async (manager) => {
        if (!(await sessionExists(engine.db, input.uid))) throw new SessionNotFoundError(input.uid);
        return manager.fire(input.trigger, input.kwargs);
      },
      async (tx) => {
        instances = firedInstances(tx.changes());
        ready = instances.filter((i) => i.status === 'scheduled').map((i) => i.name);
        await options.alsoInTransaction?.(tx, done(ready));
      },
    );
    const names = scheduled.map((i) => i.name);
    return {
      ok: true,
      message: names.length ? `Fired ${input.trigger}: scheduled ${names.join(', ')}.` : `Fired ${input.trigger}: no instance became ready.`,
      // What the transaction recorded, so the answer equals what alsoInTransaction was given.
      data: done(ready ?? names),
    };
  } catch (error) {
    if (error instanceof SessionNotFoundError) return { ok: false, code: 'not-found', message: error.message };
    if (error instanceof TypeError) return { ok: false, code: 'rejected', message: error.message };
    throw error;
  }
}
