import type { Database } from '@/lib/db';
import { listInFlightInstances } from '@/lib/db/queries/in-flight';
import type { TriggerManager } from '@/lib/triggers';

export const WORKER_LOST = 'WorkerLost';

export interface RecoveryReport {
  /** Scheduled instances handed to a runner again. */
  redispatched: string[];
  /** Running instances marked failed with exceptionType WorkerLost. */
  lost: string[];
}

/**
 * Recovers what a dead process left behind when instances run in-process (InlineRunner):
 * its queue lived in memory, so `scheduled` instances would wait forever and `running` ones
 * would never end.
 *
 * - `scheduled` instances of in-process runners are dispatched again. Safe with any number of
 *   live processes: a run only starts from `scheduled`, under the session lock.
 * - `running` instances are marked `failed` / `WorkerLost` only when `processIsSoleRunner` is
 *   true (the embedded PGlite mode: one process per data folder, so nothing else can be running
 *   them). Elsewhere a running instance may belong to a live process; worker leases handle it.
 *
 * Names are `${uid} ${instance}`.
 */
export async function recoverInterruptedInstances(
  db: Database,
  options: {
    managerFor(uid: string): TriggerManager;
    /** Runner names whose queues live in process memory; null stands for the default runner. */
    inProcessRunners: ReadonlySet<string | null>;
    processIsSoleRunner: boolean;
  },
): Promise<RecoveryReport> {
  const report: RecoveryReport = { redispatched: [], lost: [] };
  const stranded = await listInFlightInstances(db, options.processIsSoleRunner ? ['scheduled', 'running'] : ['scheduled']);
  for (const instance of stranded) {
    if (!options.inProcessRunners.has(instance.using)) continue;
    const manager = options.managerFor(instance.sessionUid);
    const label = `${instance.sessionUid} ${instance.name}`;
    if (instance.status === 'scheduled') {
      if (await manager.redispatchInstance(instance.name)) report.redispatched.push(label);
      continue;
    }
    const current = await manager.store.instance(instance.name);
    if (current.status !== 'running') continue;
    await manager.updateInstanceStatus(instance.name, 'failed', {
      metadata: {
        exceptionType: WORKER_LOST,
        exceptionMessage: `The process running instance '${instance.name}' stopped before it finished (last change ${instance.updatedAt.toISOString()}). Replay it to run it again.`,
        exceptionInfo: `${WORKER_LOST}: process stopped while '${instance.name}' was running`,
        exceptionContext: { lastChange: instance.updatedAt.toISOString() },
      },
    });
    report.lost.push(label);
  }
  return report;
}
