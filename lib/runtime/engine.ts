import { PostgresStore, type Database, type PostgresStoreOptions } from '@/lib/db';
import {
  InlineRunner,
  TriggerManager,
  type InstanceMetadata,
  type TaskRegistry,
  type TaskRunner,
  type TriggerManagerOptions,
} from '@/lib/triggers';
import { projectStack } from '@/lib/stack/source-map';
import { newProcessIdentity, type ProcessIdentity } from './lease';
import { QueueRunner } from './queue-runner';

/**
 * How tasks run: `inline` in this process (the embedded PGlite mode: one process owns the
 * database), or `queue` in worker processes through graphile-worker (a PostgreSQL server).
 */
export type RunMode = 'inline' | 'queue';

/** Builds the manager for a session: an application's TriggerManager subclass keeps its hooks everywhere. */
export type ManagerFactory = (store: PostgresStore, options: TriggerManagerOptions) => TriggerManager;

export interface EngineRuntimeOptions {
  /** The task handlers (the web server and the workers load them with lib/runtime/task-module.ts). */
  registry: TaskRegistry;
  /** Merged into an instance's metadata when this process starts running it (who runs it). */
  runMetadata?: InstanceMetadata;
  managerFactory?: ManagerFactory;
  /** Who the session journal says made this process's changes (default `system`). */
  journalActor?: string;
  /** This process (its lease, when it holds one); default: a fresh identity. */
  identity?: ProcessIdentity;
}

export interface EngineRuntime {
  db: Database;
  mode: RunMode;
  registry: TaskRegistry;
  /** The in-process runner (tasks may pick it with `using: 'inline'`). */
  inline: InlineRunner;
  /**
   * This process's id (its lease id when it holds one; it changes if the lease registers again):
   * who claimed a bulk item, who runs an instance.
   */
  readonly processId: string;
  /**
   * A manager on one session, with this process's registry and runners. `store` options (a
   * `beforeCommit` hook) apply to this manager's transactions only.
   */
  managerFor(uid: string, store?: PostgresStoreOptions): TriggerManager;
}

/**
 * Wires the engine for one process. In queue mode the default runner enqueues jobs for
 * `npm run worker`, and a task's `using: 'inline'` still runs it in the process that dispatched
 * it. In inline mode there is no queue (PGlite allows one process): only the inline runner.
 */
export function createEngineRuntime(db: Database, mode: RunMode, options: EngineRuntimeOptions): EngineRuntime {
  const registry = options.registry;
  const inline = new InlineRunner({ runMetadata: options.runMetadata });
  const runner: TaskRunner = mode === 'queue' ? new QueueRunner() : inline;
  const runners = mode === 'queue' ? [inline] : [];
  const makeManager: ManagerFactory = options.managerFactory ?? ((store, managerOptions) => new TriggerManager(store, managerOptions));
  const identity = options.identity ?? newProcessIdentity();
  return {
    db,
    mode,
    registry,
    inline,
    get processId() {
      return identity.id;
    },
    managerFor: (uid, storeOptions) =>
      makeManager(new PostgresStore(db, uid, { actor: options.journalActor, ...storeOptions }), {
        registry,
        runner,
        runners,
        // Failures record frames as `lib/tasks/x.ts:42:11`, in the web process and in workers alike.
        formatStack: projectStack,
      }),
  };
}
