/**
 * Creating a session and changing its configuration (the HTTP API, for applications): audited
 * like the dashboard's operations, in the change's own transaction.
 */
import 'server-only';
import type { ActionResult } from '@/lib/actions/result';
import { auditedOperation, type Actor } from '@/lib/audit';
import { sqlCapabilityOf } from '@/lib/db';
import { sessionCreatedInThisTransaction, sessionExists } from '@/lib/db/queries/sessions';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { ConfigurationError, type Configuration } from '@/lib/triggers';

export interface SessionConfigurationInput {
  uid: string;
  configuration: Configuration;
}

export interface SessionConfigured {
  uid: string;
  /** The configured task names, in the configuration's order. */
  tasks: string[];
}

/** A session of that uid exists already: "create" changes nothing. */
export class SessionExistsError extends Error {
  override name = 'SessionExistsError';
  constructor(readonly uid: string) {
    super(`A session named ${uid} exists already: nothing was changed. Change its configuration with PUT …/sessions/{uid}/configuration.`);
  }
}

class NoSuchSessionError extends Error {
  override name = 'SessionNotFoundError';
  constructor(uid: string) {
    super(`No session named ${uid}: nothing was changed. Create it first.`);
  }
}

/** Creates a session with its configuration; refuses (`conflict`) when the uid is taken. */
export async function createSession(engine: EngineRuntime, input: SessionConfigurationInput, actor: Actor): Promise<ActionResult<SessionConfigured>> {
  const entry = { action: 'session-create' as const, sessionUid: input.uid, input: { configuration: input.configuration } };
  try {
    await auditedOperation(engine, actor, entry, (manager) =>
      manager.store.transaction(async (tx) => {
        // The store inserted the row when it locked it, unless it was there already.
        const sql = sqlCapabilityOf(tx);
        if (sql && !(await sessionCreatedInThisTransaction(sql.executor, input.uid))) throw new SessionExistsError(input.uid);
        await manager.updateConfiguration(input.configuration);
      }),
    );
    return { ok: true, message: `Created session ${input.uid}.`, data: { uid: input.uid, tasks: Object.keys(input.configuration) } };
  } catch (error) {
    return configurationFailure(error);
  }
}

/** Replaces an existing session's configuration (the engine's rules for removed and changed tasks apply). */
export async function configureSession(engine: EngineRuntime, input: SessionConfigurationInput, actor: Actor): Promise<ActionResult<SessionConfigured>> {
  const entry = { action: 'session-configure' as const, sessionUid: input.uid, input: { configuration: input.configuration } };
  try {
    await auditedOperation(engine, actor, entry, async (manager) => {
      // Sessions are never deleted: one that exists now still exists when the change commits.
      if (!(await sessionExists(engine.db, input.uid))) throw new NoSuchSessionError(input.uid);
      await manager.updateConfiguration(input.configuration);
    });
    return { ok: true, message: `Configured session ${input.uid}.`, data: { uid: input.uid, tasks: Object.keys(input.configuration) } };
  } catch (error) {
    return configurationFailure(error);
  }
}

function configurationFailure(error: unknown): ActionResult<never> {
  if (error instanceof SessionExistsError) return { ok: false, code: 'conflict', message: error.message };
  if (error instanceof NoSuchSessionError) return { ok: false, code: 'not-found', message: error.message };
  if (error instanceof ConfigurationError || error instanceof TypeError) return { ok: false, code: 'rejected', message: error.message };
  throw error;
}
