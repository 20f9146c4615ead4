/**
 * What `npm run tb` acts with: the app's database (the same singleton the services read), an
 * engine wired like the dashboard's, and the actor its changes are audited as.
 */
import type { Actor } from '@/lib/audit';
import { DatabaseInUseError, DatabaseOpenError, type DatabaseKind } from '@/lib/db';
import { closeAppDatabase, getAppDatabase } from '@/lib/db/app-database';
import { getEnv } from '@/lib/env';
import { createEngineRuntime, type EngineRuntime, type RunMode } from '@/lib/runtime/engine';
import { newProcessIdentity } from '@/lib/runtime/lease';
import { ensureQueueSchema } from '@/lib/runtime/queue';
import { getAppTaskRegistry } from '@/lib/runtime/app-engine';
import { TaskModuleError } from '@/lib/runtime/task-module';
import { cliActor } from './actor';
import { CliRefusal } from './args';
import type { TaskRegistry } from '@/lib/triggers';

export interface CliContext {
  engine: EngineRuntime;
  actor: Actor;
  database: DatabaseKind;
  /** inline: fired work runs in this process before it exits; queue: it is enqueued for workers. */
  execution: RunMode;
}

/** The app's task registry (TASKS_MODULE, or the demo's): the one the services read too. */
export async function cliRegistry(): Promise<TaskRegistry> {
  try {
    return await getAppTaskRegistry();
  } catch (error) {
    if (error instanceof TaskModuleError) throw new CliRefusal('task-module', `${error.message} Nothing was changed.`);
    throw error;
  }
}

/** Opens the app's database from the environment and wires the engine; refuses a folder in use. */
export async function openCli(): Promise<CliContext> {
  const url = getEnv().DATABASE_URL;
  // The module first: one that cannot be used stops the command before the database is opened.
  const registry = await cliRegistry();
  let db;
  try {
    db = await getAppDatabase();
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      throw new CliRefusal(
        'database-in-use',
        `The embedded database ${error.location} is open in another process (pid ${error.pid}), probably the dashboard (npm start). ` +
          'PGlite allows one process per folder, and a second one could corrupt it, so this command did not open it. ' +
          'While the dashboard runs, act through it or its HTTP API (/api/v1); or run the dashboard and this command ' +
          'on a PostgreSQL server (DATABASE_URL), where any number of processes may connect. Nothing was changed.',
      );
    }
    if (error instanceof DatabaseOpenError) throw new CliRefusal('database-unavailable', `${error.message} Nothing was changed.`);
    throw error;
  }
  if (url) {
    // Fired work goes to the workers' queue: its tables must exist even if no worker ever ran.
    await ensureQueueSchema(url);
    return { engine: createEngineRuntime(db, 'queue', { registry }), actor: cliActor(), database: 'postgres', execution: 'queue' };
  }
  // The only process on the folder runs what it fires; runs carry this process's id, as the dashboard's do.
  const identity = newProcessIdentity();
  const engine = createEngineRuntime(db, 'inline', { registry, identity, runMetadata: { worker: identity } });
  return { engine, actor: cliActor(), database: 'pglite', execution: 'inline' };
}

export const closeCli = closeAppDatabase;
