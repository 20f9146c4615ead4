import type { Database } from '@/lib/db';
import { createTaskRegistry } from '@/lib/tasks';
import { InlineRunner, PostgresStore, TriggerManager, type TaskRegistry, type TaskRunner } from '@/lib/triggers';
import { QueueRunner } from './queue-runner';

/**
 * How tasks run: `inline` in this process (the embedded PGlite mode: one process owns the
 * database), or `queue` in worker processes through graphile-worker (a PostgreSQL server).
 */
export type RunMode = 'inline' | 'queue';

export interface EngineRuntime {
  db: Database;
  mode: RunMode;
  registry: TaskRegistry;
  /** The in-process runner (always present: tasks may pick it with `using: 'inline'`). */
  inline: InlineRunner;
  /** A manager on one session, with this process's registry and runners. */
  managerFor(uid: string): TriggerManager;
}

/**
 * Wires the engine for one process. In queue mode the default runner enqueues jobs for
 * `npm run worker`; a task's `using` can still pick `inline`. In inline mode there is no queue
 * (PGlite allows one process), so only the inline runner exists.
 */
export function createEngineRuntime(db: Database, mode: RunMode, registry: TaskRegistry = createTaskRegistry()): EngineRuntime {
  const inline = new InlineRunner();
  const runner: TaskRunner = mode === 'queue' ? new QueueRunner() : inline;
  const runners = mode === 'queue' ? [inline] : [];
  return {
    db,
    mode,
    registry,
    inline,
    managerFor: (uid) => new TriggerManager(new PostgresStore(db, uid), { registry, runner, runners }),
  };
}
