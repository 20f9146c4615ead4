/**
 * The `workers` table: processes that run task instances, their heartbeats (leases), and the
 * sweep that declares silent ones lost. The decisions are lib/runtime's (lease-rules.ts); the
 * reads and writes are here.
 */
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../client';
import { workers, type WorkerRow } from '../schema';

export type { WorkerRow };

export interface NewWorker {
  id: string;
  kind: 'worker' | 'web';
  hostname: string;
  pid: number;
  concurrency: number;
  queuePoolIds: string[];
}

/** Registers a process as alive (its first heartbeat is now). */
export async function registerWorker(db: Database, worker: NewWorker): Promise<void> {
  await db.insert(workers).values(worker);
}

const alive = (id: string) => and(eq(workers.id, id), isNull(workers.stoppedAt));

/**
 * Records a heartbeat of a live process. Its connected run restarts (connected_since = now) when
 * `broken` (a heartbeat failed since the last success) or when the previous heartbeat is older
 * than `maxGapSeconds`. Resolves false when the process is no longer alive (declared lost).
 */
export async function recordHeartbeat(db: Database, id: string, options: { broken: boolean; maxGapSeconds: number }): Promise<boolean> {
  const rows = await db
    .update(workers)
    .set({
      heartbeatAt: sql`now()`,
      connectedSince: sql`case when ${options.broken ? sql`true` : sql`false`}
        or ${workers.heartbeatAt} < now() - make_interval(secs => ${options.maxGapSeconds}) then now() else ${workers.connectedSince} end`,
    })
    .where(alive(id))
    .returning({ id: workers.id });
  return rows.length > 0;
}

/** Replaces the queue pool ids recorded for a process (to release its jobs if it is lost). */
export async function recordWorkerQueuePools(db: Database, id: string, poolIds: readonly string[]): Promise<void> {
  await db.update(workers).set({ queuePoolIds: [...poolIds] }).where(eq(workers.id, id));
}

/** Ends a live lease as 'stopped'; a lease already declared lost stays 'lost'. */
export async function endWorkerLease(db: Database, id: string): Promise<void> {
  await db.update(workers).set({ stoppedAt: sql`now()`, endedAs: 'stopped' }).where(alive(id));
}

/** Processes declared lost whose runs and jobs have not been handled yet. */
export async function listUnsweptLostWorkers(db: Database): Promise<WorkerRow[]> {
  return db
    .select()
    .from(workers)
    .where(and(eq(workers.endedAs, 'lost'), isNull(workers.sweptAt)));
}

/** Marks a lost process as handled: its runs failed and its jobs released. */
export async function markWorkerSwept(db: Database, id: string): Promise<void> {
  await db.update(workers).set({ sweptAt: sql`now()` }).where(eq(workers.id, id));
}

/** The instances a process is running, by the worker id written into their metadata when they started. */
export async function listRunningInstancesOf(db: Database, workerId: string): Promise<{ sessionUid: string; name: string }[]> {
  const rows = await queryRows<{ session_uid: string; name: string }>(
    db,
    sql`select session_uid, name from task_instances
        where status = 'running' and metadata->'worker'->>'id' = ${workerId}`,
  );
  return rows.map((row) => ({ sessionUid: row.session_uid, name: row.name }));
}

export interface LiveWorker {
  id: string;
  heartbeatAt: Date;
  connectedSince: Date;
}

/**
 * Declares processes lost, in one transaction on the database's clock: `decide` gets the
 * transaction's now() and every live process and names the lost ones; each is declared lost only
 * if its latest heartbeat is still older than the lease (one that landed meanwhile keeps it
 * alive). Resolves with the ids declared.
 */
export async function declareLostWorkers(
  db: Database,
  leaseSeconds: number,
  decide: (now: Date, live: LiveWorker[]) => string[],
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const executor = tx as unknown as Database;
    // now() is the transaction's start: the decision and the update below use the same instant.
    const [clock] = await queryRows<{ now: Date | string }>(executor, sql`select now() as now`);
    const live = await executor
      .select({ id: workers.id, heartbeatAt: workers.heartbeatAt, connectedSince: workers.connectedSince })
      .from(workers)
      .where(isNull(workers.stoppedAt));
    const lost = decide(new Date(clock!.now), live);
    if (lost.length === 0) return [];
    const declared = await executor
      .update(workers)
      .set({ stoppedAt: sql`now()`, endedAs: 'lost' })
      .where(
        and(
          inArray(workers.id, lost),
          isNull(workers.stoppedAt),
          lt(workers.heartbeatAt, sql`now() - make_interval(secs => ${leaseSeconds})`),
        ),
      )
      .returning({ id: workers.id });
    return declared.map((w) => w.id);
  });
}
