import { getAppDatabase } from '@/lib/db/app-database';
import { getEnv } from '@/lib/env';
import type { TaskRegistry } from '@/lib/triggers';
import { createEngineRuntime, type EngineRuntime } from './engine';
import { ensureQueueSchema } from './queue';
import { jsonLinesLog, newProcessIdentity, startLease } from './lease';
import { recoverInterruptedInstances, type RecoveryReport } from './recovery';
import { loadTaskRegistry } from './task-module';

const holder = globalThis as typeof globalThis & {
  __triggerboardEngine?: Promise<EngineRuntime>;
  __triggerboardTaskRegistry?: Promise<TaskRegistry>;
  /** When this process's engine was created: what it scheduled since, it holds in memory. */
  __triggerboardEngineCreatedAt?: Date;
};

/**
 * The app's task registry (TASKS_MODULE's, or the demo's lib/tasks), loaded once per process.
 * `bootServer` loads it first: a module that cannot be used stops the server (TaskModuleError).
 */
export function getAppTaskRegistry(): Promise<TaskRegistry> {
  holder.__triggerboardTaskRegistry ??= loadTaskRegistry();
  return holder.__triggerboardTaskRegistry;
}

/**
 * The app's engine, one per process (kept on globalThis across dev hot reloads): tasks run
 * in-process on PGlite, and through the job queue (`npm run worker`) with DATABASE_URL.
 */
export function getAppEngine(): Promise<EngineRuntime> {
  const existing = holder.__triggerboardEngine;
  if (existing) return existing;
  const opening = (async () => {
    const registry = await getAppTaskRegistry();
    const db = await getAppDatabase();
    holder.__triggerboardEngineCreatedAt = new Date();
    const url = getEnv().DATABASE_URL;
    if (!url) {
      // Runs carry this process's id, so a recovery running while it works leaves them alone.
      const identity = newProcessIdentity();
      return createEngineRuntime(db, 'inline', { registry, identity, runMetadata: { worker: identity } });
    }
    await ensureQueueSchema(url);
    // Tasks `using: 'inline'` run in this process: it holds a lease like a worker, so that if it
    // dies its runs are failed (WorkerLost) by the workers' sweeper instead of hanging.
    const lease = await startLease(db, {
      kind: 'web',
      concurrency: 1,
      heartbeatSeconds: 10,
      log: jsonLinesLog, // declared lost while alive, it registers again (logged) and keeps serving
    });
    return createEngineRuntime(db, 'queue', { registry, identity: lease.identity, runMetadata: { worker: lease.identity } });
  })();
  holder.__triggerboardEngine = opening;
  opening.catch(() => {
    if (holder.__triggerboardEngine === opening) holder.__triggerboardEngine = undefined;
  });
  return opening;
}

/**
 * Picks up what a previous process left: in-process work is dispatched again; in the embedded
 * mode (this process is the only one that can run anything) running instances become WorkerLost,
 * except this process's own runs: safe to call again while the process works.
 */
export function recoverAtBoot(engine: EngineRuntime): Promise<RecoveryReport> {
  const soleRunner = engine.mode === 'inline';
  return recoverInterruptedInstances(engine.db, {
    managerFor: engine.managerFor,
    inProcessRunners: new Set<string | null>(soleRunner ? [null, 'inline'] : ['inline']),
    processIsSoleRunner: soleRunner,
    ownProcessId: engine.processId,
    scheduledBefore: holder.__triggerboardEngineCreatedAt,
  });
}
