/**
 * A worker process's engine side: graphile-worker runs `run_instance` jobs through the
 * application's task registry, a heartbeat keeps this process's lease, and a sweeper fails the
 * running instances of workers whose lease expired (WorkerLost) and releases their jobs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { Logger, run, type Runner } from 'graphile-worker';
import type { Database } from '@/lib/db';
import { queryRows } from '@/lib/db';
import { workers } from '@/lib/db/schema';
import { InvalidStatusError, type TaskRegistry, type TriggerManager } from '@/lib/triggers';
import { createEngineRuntime } from './engine';
import { ensureQueueSchema } from './queue';
import { RUN_INSTANCE_TASK, type RunInstancePayload } from './queue-runner';
import { WORKER_LOST } from './recovery';

export type WorkerLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout (stderr for errors): easy to ship to any log system. */
export const jsonLinesLog: WorkerLog = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
};

export interface WorkerOptions {
  db: Database;
  /** The PostgreSQL URL (graphile-worker opens its own pool). */
  connectionString: string;
  registry?: TaskRegistry;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** Seconds without a heartbeat after which a worker counts as lost. */
  leaseSeconds?: number;
  heartbeatSeconds?: number;
  /** How often this worker looks for lost workers. */
  sweepSeconds?: number;
  /** graphile-worker's polling interval for jobs scheduled in the future (cooldowns), ms. */
  pollIntervalMs?: number;
  log?: WorkerLog;
}

export interface WorkerHandle {
  id: string;
  /** Graceful stop: no new jobs, wait for the jobs in hand, then leave the lease. */
  stop(reason?: string): Promise<void>;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const { db, connectionString } = options;
  const log = options.log ?? jsonLinesLog;
  const concurrency = options.concurrency ?? 4;
  const leaseSeconds = options.leaseSeconds ?? 30;
  const heartbeatSeconds = options.heartbeatSeconds ?? Math.max(1, Math.floor(leaseSeconds / 3));
  const sweepSeconds = options.sweepSeconds ?? heartbeatSeconds;
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const runtime = createEngineRuntime(db, 'queue', options.registry);
  const workerInfo = { id, host: hostname(), pid: process.pid };

  await ensureQueueSchema(connectionString);
  await db.insert(workers).values({ id, hostname: workerInfo.host, pid: process.pid, concurrency });

  const runner: Runner = await run({
    connectionString,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') log(level === 'error' ? 'error' : 'warn', message, { worker: id, source: 'queue' });
    }),
    taskList: {
      [RUN_INSTANCE_TASK]: async (payload) => {
        const { uid, instance } = payload as RunInstancePayload;
        const started = performance.now();
        const manager = runtime.managerFor(uid);
        await manager.runInstance(instance, { metadata: { worker: workerInfo } });
        const after = await manager.store.instance(instance);
        log(after.status === 'failed' ? 'warn' : 'info', 'instance run', {
          worker: id,
          uid,
          instance,
          status: after.status,
          exceptionType: after.metadata.exceptionType,
          ms: Math.round(performance.now() - started),
        });
      },
    },
  });
  const queueWorkerIds: string[] = [];
  runner.events.on('worker:create', ({ worker }) => {
    queueWorkerIds.push(worker.workerId);
    void db
      .update(workers)
      .set({ queueWorkerIds: [...queueWorkerIds] })
      .where(eq(workers.id, id))
      .catch((error: unknown) => log('error', 'could not record queue worker ids', { worker: id, error: String(error) }));
  });

  const timers = [
    setInterval(() => {
      db.update(workers)
        .set({ heartbeatAt: sql`now()` })
        .where(eq(workers.id, id))
        .catch((error: unknown) => log('error', 'heartbeat failed', { worker: id, error: String(error) }));
    }, heartbeatSeconds * 1000),
    setInterval(() => {
      sweepLostWorkers(db, (uid) => runtime.managerFor(uid), leaseSeconds, log).catch((error: unknown) =>
        log('error', 'sweep failed', { worker: id, error: String(error) }),
      );
    }, sweepSeconds * 1000),
  ];
  log('info', 'worker started', { worker: id, concurrency, leaseSeconds });

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') =>
    (stopping ??= (async () => {
      log('info', 'worker stopping: finishing the jobs in hand', { worker: id, reason });
      for (const timer of timers) clearInterval(timer);
      await runner.stop();
      await db.update(workers).set({ stoppedAt: sql`now()`, endedAs: 'stopped' }).where(eq(workers.id, id));
      log('info', 'worker stopped', { worker: id });
    })());
  const done = runner.promise.then(() => stop('queue runner ended'));
  return { id, stop, done };
}

/**
 * Finds workers whose lease expired, claims each (so only one sweeper handles it), fails their
 * running instances with WorkerLost and releases their queue jobs, which live workers then run
 * (a job whose instance is no longer `scheduled` does nothing). Returns the lost instances.
 */
export async function sweepLostWorkers(
  db: Database,
  managerFor: (uid: string) => TriggerManager,
  leaseSeconds: number,
  log: WorkerLog = jsonLinesLog,
): Promise<string[]> {
  const lost: string[] = [];
  const claimed = await db
    .update(workers)
    .set({ stoppedAt: sql`now()`, endedAs: 'lost' })
    .where(and(isNull(workers.stoppedAt), lt(workers.heartbeatAt, sql`now() - make_interval(secs => ${leaseSeconds})`)))
    .returning();
  for (const dead of claimed) {
    const running = await queryRows<{ session_uid: string; name: string }>(
      db,
      sql`select session_uid, name from task_instances
          where status = 'running' and metadata->'worker'->>'id' = ${dead.id}`,
    );
    for (const { session_uid: uid, name } of running) {
      try {
        await managerFor(uid).updateInstanceStatus(name, 'failed', {
          expectedStatus: 'running',
          metadata: {
            exceptionType: WORKER_LOST,
            exceptionMessage: `Worker ${dead.id} stopped answering (no heartbeat for ${leaseSeconds} s) while running instance '${name}'. Replay it to run it again.`,
            exceptionInfo: `${WORKER_LOST}: worker ${dead.id} (host ${dead.hostname}, pid ${dead.pid}) lost while running '${name}'`,
            exceptionContext: { worker: dead.id, host: dead.hostname, pid: dead.pid, lastHeartbeat: dead.heartbeatAt.toISOString() },
            logLevel: 40,
          },
        });
        lost.push(`${uid} ${name}`);
      } catch (error) {
        if (!(error instanceof InvalidStatusError)) throw error; // it finished meanwhile
      }
    }
    if (dead.queueWorkerIds.length > 0) {
      await db.execute(
        sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(dead.queueWorkerIds)}::jsonb)))`,
      );
    }
    log('warn', 'worker lost', { worker: dead.id, lostInstances: running.length });
  }
  return lost;
}
