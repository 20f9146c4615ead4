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
import { ConfigurationError, type Configuration, type TaskRegistry } from '@/lib/triggers';

export interface SessionConfigurationInput {
  uid: string;
  configuration: Configuration;
}

export interface SessionConfigured {
  uid: string;
  /** The session's task names after the change, in configuration order. */
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

/**
 * Every task whose `run` names no handler of this process's registry, as field errors: the engine
 * would accept the configuration and fail each instance with TaskNotFoundError when it runs.
 */
export function unknownHandlers(configuration: Configuration, registry: Pick<TaskRegistry, 'has' | 'names'>): ActionResult<never> | null {
  const known = registry.names();
  const fieldErrors: Record<string, string[]> = {};
  for (const [task, config] of Object.entries(configuration)) {
    const run = (config as { run?: unknown }).run;
    if (typeof run !== 'string' || registry.has(run)) continue;
    fieldErrors[`configuration.${task}.run`] = [
      `No task handler is named ${JSON.stringify(run)}${known.length ? `; the known handlers are ${known.join(', ')}` : ' (the registry is empty)'}.`,
    ];
  }
  const lines = Object.entries(fieldErrors).map(([path, [message]]) => `${path}: ${message}`);
  return lines.length ? { ok: false, code: 'invalid-input', message: `Nothing was changed: ${lines.join(' ')}`, fieldErrors } : null;
}

/** Creates a session with its configuration; refuses (`conflict`) when the uid is taken. */
export async function createSession(engine: EngineRuntime, input: SessionConfigurationInput, actor: Actor): Promise<ActionResult<SessionConfigured>> {
  const unknown = unknownHandlers(input.configuration, engine.registry);
  if (unknown) return unknown;
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

/**
 * Changes an existing session's configuration: the tasks it names are added or replaced, the
 * others are kept (the engine's rules for changed tasks apply, docs/engine-behaviour.md §3).
 */
export async function configureSession(engine: EngineRuntime, input: SessionConfigurationInput, actor: Actor): Promise<ActionResult<SessionConfigured>> {
  const unknown = unknownHandlers(input.configuration, engine.registry);
  if (unknown) return unknown;
  const entry = { action: 'session-configure' as const, sessionUid: input.uid, input: { configuration: input.configuration } };
  try {
    const tasks = await auditedOperation(engine, actor, entry, async (manager) => {
      // Sessions are never deleted: one that exists now still exists when the change commits.
      if (!(await sessionExists(engine.db, input.uid))) throw new NoSuchSessionError(input.uid);
      await manager.updateConfiguration(input.configuration);
      // The engine merges (§3): tasks the change does not name are kept, so answer them all.
      return Object.keys(await manager.store.tasks());
    });
    return { ok: true, message: `Configured session ${input.uid}.`, data: { uid: input.uid, tasks } };
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
