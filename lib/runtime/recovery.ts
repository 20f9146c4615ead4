import type { Database } from '@/lib/db';
import { listInFlightInstances } from '@/lib/db/queries/in-flight';
import { InvalidStatusError, type InstanceMetadata, type TriggerManager } from '@/lib/triggers';

export const WORKER_LOST = 'WorkerLost';

/** The failure recorded on a run whose process died: the same wherever it is detected. */
export function workerLostMetadata(instance: string, cause: { reason: string; context: Record<string, unknown> }): InstanceMetadata {
  return {
    exceptionType: WORKER_LOST,
    exceptionMessage: `${cause.reason} while running instance '${instance}'. Replay it to run it again.`,
    exceptionInfo: `${WORKER_LOST}: ${cause.reason} while running '${instance}'`,
    exceptionContext: cause.context,
    // An interrupted run is an error someone must look at (logs unresolved until replayed or skipped).
    logLevel: 40,
  };
}

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
 *   them). With a server, every process that runs instances holds a lease instead
 *   (lib/runtime/lease.ts) and the workers' sweeper fails the runs of a lost process.
 * - Runs of `ownProcessId` (`metadata.worker.id`) are this live process's own and are left
 *   alone, so recovery may run again while the process works (after a failed boot, periodically).
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
    /** The calling process: its own running instances are never marked lost. */
    ownProcessId?: string;
    /**
     * Only `scheduled` instances last changed before this are dispatched again: later ones were
     * scheduled by the calling process, which holds them in memory (a second dispatch would be
     * a harmless no-op, but a periodic recovery would queue them again and again).
     */
    scheduledBefore?: Date;
  },
): Promise<RecoveryReport> {
  const report: RecoveryReport = { redispatched: [], lost: [] };
  const stranded = await listInFlightInstances(db, options.processIsSoleRunner ? ['scheduled', 'running'] : ['scheduled']);
  for (const instance of stranded) {
    if (!options.inProcessRunners.has(instance.using)) continue;
    const manager = options.managerFor(instance.sessionUid);
    const label = `${instance.sessionUid} ${instance.name}`;
    if (instance.status === 'scheduled') {
      if (options.scheduledBefore && instance.updatedAt >= options.scheduledBefore) continue;
      if (await manager.redispatchInstance(instance.name)) report.redispatched.push(label);
      continue;
    }
    if (options.ownProcessId !== undefined && instance.workerId === options.ownProcessId) continue;
    try {
      await manager.updateInstanceStatus(instance.name, 'failed', {
        expectedStatus: 'running',
        metadata: workerLostMetadata(instance.name, {
          reason: `The process running it stopped before it finished (last change ${instance.updatedAt.toISOString()})`,
          context: { lastChange: instance.updatedAt.toISOString() },
        }),
      });
    } catch (error) {
      if (error instanceof InvalidStatusError) continue; // it ended meanwhile
      throw error;
    }
    report.lost.push(label);
  }
  return report;
}
