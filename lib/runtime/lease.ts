import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '@/lib/db';
import { endWorkerLease, recordHeartbeat, recordWorkerQueuePools, registerWorker } from '@/lib/db/queries/workers';
import { maxHeartbeatGapMs } from './lease-rules';

export type ProcessLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout (stderr for errors): easy to ship to any log system. */
export const jsonLinesLog: ProcessLog = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
};

/**
 * Who runs an instance: written into its metadata when the run starts (`metadata.worker`). When
 * a process declared lost re-registers, `id` is replaced in place, so runs it starts afterwards
 * carry the new id and a sweep of the old one never touches them.
 */
export interface ProcessIdentity {
  id: string;
  host: string;
  pid: number;
}

/** A fresh identity for this process (host, pid and a random part: pids are reused). */
export function newProcessIdentity(): ProcessIdentity {
  return { id: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, host: hostname(), pid: process.pid };
}

export interface Lease {
  identity: ProcessIdentity;
  /** Records the queue pool ids of this process (to release its jobs if it is lost). */
  recordQueuePool(poolId: string): Promise<void>;
  /** Ends the lease gracefully (keeps beating until then). */
  release(): Promise<void>;
}

/**
 * Registers this process in the `workers` table and keeps its heartbeat. `connected_since` marks
 * the start of the current unbroken run of heartbeats: a heartbeat that failed, or that lands
 * more than `maxHeartbeatGapMs` after the previous one, starts a new run (see lease-rules.ts).
 *
 * If a sweeper declared this process lost (no heartbeat within the lease, e.g. it was cut off
 * from the database), the next heartbeat finds out and the process registers again under a new
 * id instead of stopping: the runs it had in hand were already failed (WorkerLost) and stay so
 * (the engine records a run's outcome only on an instance still `running`); new runs carry the
 * new id. `onReregistered` is told.
 */
export async function startLease(
  db: Database,
  options: {
    kind: 'worker' | 'web';
    concurrency: number;
    heartbeatSeconds: number;
    log: ProcessLog;
    onReregistered?(previousId: string, currentId: string): void;
  },
): Promise<Lease> {
  const identity = newProcessIdentity();
  const poolIds: string[] = [];
  const register = (id: string) =>
    registerWorker(db, {
      id,
      kind: options.kind,
      hostname: identity.host,
      pid: identity.pid,
      concurrency: options.concurrency,
      queuePoolIds: [...poolIds],
    });
  await register(identity.id);
  const gapSeconds = maxHeartbeatGapMs(options.heartbeatSeconds) / 1000;
  // A heartbeat failed since the last success: the next success starts a new connected run.
  let broken = false;
  let beating = false;
  let released = false;
  const reregister = async () => {
    const previous = identity.id;
    const next = newProcessIdentity().id;
    await register(next); // if this fails, the next heartbeat finds the old row lost and tries again
    identity.id = next;
    broken = false;
    options.log('warn', 'this process had been declared lost (no heartbeat within the lease): registered again under a new id', {
      worker: next,
      previous,
    });
    options.onReregistered?.(previous, next);
  };

  const beat = async () => {
    const stillAlive = await recordHeartbeat(db, identity.id, { broken, maxGapSeconds: gapSeconds });
    broken = false;
    if (!stillAlive && !released) await reregister();
  };
  const timer = setInterval(() => {
    if (beating) return; // the previous heartbeat still hangs (the database is away)
    beating = true;
    beat()
      .catch((error: unknown) => {
        broken = true;
        options.log('error', 'heartbeat failed', { worker: identity.id, error: String(error) });
      })
      .finally(() => (beating = false));
  }, options.heartbeatSeconds * 1000);
  timer.unref();
  return {
    identity,
    async recordQueuePool(poolId) {
      poolIds.push(poolId);
      await recordWorkerQueuePools(db, identity.id, poolIds);
    },
    async release() {
      released = true;
      clearInterval(timer);
      // Only a live lease ends as 'stopped'; a lease already swept stays 'lost'.
      await endWorkerLease(db, identity.id);
    },
  };
}
