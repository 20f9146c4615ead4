import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db';
import { workers } from '@/lib/db/schema';

export type ProcessLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout (stderr for errors): easy to ship to any log system. */
export const jsonLinesLog: ProcessLog = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
};

/** Who runs an instance: written into its metadata when the run starts (`metadata.worker`). */
export interface ProcessIdentity {
  id: string;
  host: string;
  pid: number;
}

export interface Lease {
  identity: ProcessIdentity;
  /** Records the queue pool ids of this process (to release its jobs if it is lost). */
  recordQueuePool(poolId: string): Promise<void>;
  /** Ends the lease gracefully (keeps beating until then). */
  release(): Promise<void>;
}

/**
 * Registers this process in the `workers` table and keeps its heartbeat. If a sweeper declared
 * it lost (it stopped answering for longer than the lease), the next heartbeat finds out and
 * `onLost` is called: the process must stop taking work, since its runs were failed already.
 */
export async function startLease(
  db: Database,
  options: { kind: 'worker' | 'web'; concurrency: number; heartbeatSeconds: number; log: ProcessLog; onLost(): void },
): Promise<Lease> {
  const identity: ProcessIdentity = { id: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, host: hostname(), pid: process.pid };
  await db.insert(workers).values({
    id: identity.id,
    kind: options.kind,
    hostname: identity.host,
    pid: identity.pid,
    concurrency: options.concurrency,
  });
  const alive = and(eq(workers.id, identity.id), isNull(workers.stoppedAt));
  let lost = false;
  const timer = setInterval(() => {
    db.update(workers)
      .set({ heartbeatAt: sql`now()` })
      .where(alive)
      .returning({ id: workers.id })
      .then((rows) => {
        if (rows.length === 0 && !lost) {
          lost = true;
          options.log('error', 'this process was declared lost (no heartbeat within the lease): stopping', { worker: identity.id });
          options.onLost();
        }
      })
      .catch((error: unknown) => options.log('error', 'heartbeat failed', { worker: identity.id, error: String(error) }));
  }, options.heartbeatSeconds * 1000);
  timer.unref();
  const poolIds: string[] = [];
  return {
    identity,
    async recordQueuePool(poolId) {
      poolIds.push(poolId);
      await db.update(workers).set({ queuePoolIds: [...poolIds] }).where(eq(workers.id, identity.id));
    },
    async release() {
      clearInterval(timer);
      // Only a live lease ends as 'stopped'; a lease already swept stays 'lost'.
      await db.update(workers).set({ stoppedAt: sql`now()`, endedAs: 'stopped' }).where(alive);
    },
  };
}
