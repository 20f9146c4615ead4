/**
 * A worker process's engine side: graphile-worker runs `run_instance` jobs through the
 * application's task registry, a lease (heartbeat) marks the process alive, and a sweeper fails
 * the running instances of processes whose lease expired (WorkerLost) and releases their jobs.
 */
import { EventEmitter } from 'node:events';
import { Logger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import type { Database } from '@/lib/db';
import { releaseQueuePools } from '@/lib/db/queries/queue';
import { declareLostWorkers, listRunningInstancesOf, listUnsweptLostWorkers, markWorkerSwept } from '@/lib/db/queries/workers';
import { InvalidStatusError, type TaskRegistry, type TriggerManager } from '@/lib/triggers';
import { createEngineRuntime, type ManagerFactory } from './engine';
import { jsonLinesLog, startLease, type ProcessLog } from './lease';
import { ensureQueueSchema } from './queue';
import { RUN_INSTANCE_TASK, type RunInstancePayload } from './queue-runner';
import { lostProcesses, maxHeartbeatGapMs } from './lease-rules';
import { workerLostMetadata } from './recovery';

export { jsonLinesLog };
export type WorkerLog = ProcessLog;

export interface WorkerOptions {
  db: Database;
  /** The PostgreSQL URL (graphile-worker opens its own pool). */
  connectionString: string;
  /** The task handlers (`loadTaskRegistry()` from lib/runtime/task-module.ts loads TASKS_MODULE's). */
  registry: TaskRegistry;
  /** An application's TriggerManager subclass, so its hooks run for the cascades of worker runs. */
  managerFactory?: ManagerFactory;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** Seconds without a heartbeat after which a process counts as lost. */
  leaseSeconds?: number;
  heartbeatSeconds?: number;
  /** How often this worker looks for lost processes. */
  sweepSeconds?: number;
  /** graphile-worker's polling interval for jobs scheduled in the future (cooldowns), ms. */
  pollIntervalMs?: number;
  log?: ProcessLog;
}

export interface WorkerHandle {
  /** The lease id (a new one if this worker was declared lost and registered again). */
  readonly id: string;
  /** Graceful stop: no new jobs, finish the jobs in hand (still heartbeating), then end the lease. */
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

  await ensureQueueSchema(connectionString);
  // Declared lost but alive (e.g. cut off by an outage longer than the lease): the lease registers
  // again under a new id and the worker carries on; the runs it had in hand stay WorkerLost.
  const lease = await startLease(db, { kind: 'worker', concurrency, heartbeatSeconds, log });
  const runtime = createEngineRuntime(db, 'queue', {
    registry: options.registry,
    managerFactory: options.managerFactory,
    identity: lease.identity,
    runMetadata: { worker: lease.identity },
    journalActor: `worker ${lease.identity.id}`,
  });

  // Our own emitter, attached before run() creates the pool, so its id is never missed.
  const events = new EventEmitter() as WorkerEvents;
  events.on('pool:create', ({ workerPool }) => {
    lease.recordQueuePool(workerPool.id).catch((error: unknown) =>
      log('error', 'could not record the queue pool id', { worker: lease.identity.id, error: String(error) }),
    );
  });
  const runner: Runner = await run({
    connectionString,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    events,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') log(level === 'error' ? 'error' : 'warn', message, { worker: lease.identity.id, source: 'queue' });
    }),
    taskList: {
      [RUN_INSTANCE_TASK]: async (payload) => {
        const { uid, instance } = payload as RunInstancePayload;
        const started = performance.now();
        const manager = runtime.managerFor(uid);
        await manager.runInstance(instance, { metadata: { worker: { ...lease.identity } } });
        const after = await manager.store.instance(instance);
        log(after.status === 'failed' ? 'warn' : 'info', 'instance run', {
          worker: lease.identity.id,
          uid,
          instance,
          status: after.status,
          exceptionType: after.metadata.exceptionType,
          ms: Math.round(performance.now() - started),
        });
      },
    },
  });

  const sweeper = setInterval(() => {
    sweepLostWorkers(db, (uid) => runtime.managerFor(uid), {
      leaseSeconds,
      sweeper: { id: lease.identity.id, heartbeatSeconds },
      log,
    }).catch((error: unknown) => log('error', 'sweep failed', { worker: lease.identity.id, error: String(error) }));
  }, sweepSeconds * 1000);
  log('info', 'worker started', { worker: lease.identity.id, concurrency, leaseSeconds });

  let runnerEnded = false;
  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') =>
    (stopping ??= (async () => {
      log('info', 'worker stopping: finishing the jobs in hand', { worker: lease.identity.id, reason });
      clearInterval(sweeper);
      if (!runnerEnded) await runner.stop();
      await runtime.inline.drain().catch((error: unknown) => log('error', 'an in-process run failed', { worker: lease.identity.id, error: String(error) }));
      await lease.release(); // heartbeats continued until every job in hand was finished
      log('info', 'worker stopped', { worker: lease.identity.id });
    })());
  const done = runner.promise.then(() => {
    runnerEnded = true;
    return stop('queue runner ended');
  });
  return {
    get id() {
      return lease.identity.id;
    },
    stop: (reason) => stop(reason),
    done,
  };
}

export interface SweepOptions {
  leaseSeconds: number;
  /**
   * The live process that sweeps, and its heartbeat interval: it declares others lost only once
   * it has itself reached the database without a gap for a whole lease (lease-rules.ts). null:
   * declare nobody, only finish handling processes already declared lost.
   */
  sweeper: { id: string; heartbeatSeconds: number } | null;
  log?: ProcessLog;
}

/**
 * Declares lost the processes silent for longer than the lease while this sweeper could reach
 * the database, then handles every lost process not swept yet (including ones a crashed sweeper
 * claimed): fails its running instances with WorkerLost (compare-and-set: a run that finished
 * meanwhile is left alone), releases its queue jobs (whose instances, if still `scheduled`, then
 * run on live workers), and marks it swept. Idempotent and safe to run from every worker at
 * once. Returns the instances it failed.
 */
export async function sweepLostWorkers(
  db: Database,
  managerFor: (uid: string) => TriggerManager,
  options: SweepOptions,
): Promise<string[]> {
  const { leaseSeconds, sweeper } = options;
  const log = options.log ?? jsonLinesLog;
  if (sweeper) {
    // The decision of lease-rules.ts, on the database's clock.
    const times = { leaseMs: leaseSeconds * 1000, maxGapMs: maxHeartbeatGapMs(sweeper.heartbeatSeconds) };
    await declareLostWorkers(db, leaseSeconds, (now, live) =>
      lostProcesses(now, live.find((w) => w.id === sweeper.id) ?? null, live, times),
    );
  }
  const lost: string[] = [];
  for (const dead of await listUnsweptLostWorkers(db)) {
    const running = await listRunningInstancesOf(db, dead.id);
    let complete = true;
    for (const { sessionUid: uid, name } of running) {
      try {
        await managerFor(uid).updateInstanceStatus(name, 'failed', {
          expectedStatus: 'running',
          metadata: workerLostMetadata(name, {
            reason: `${dead.kind === 'web' ? 'The web process' : 'Worker'} ${dead.id} stopped answering (no heartbeat for ${leaseSeconds} s)`,
            context: { worker: dead.id, host: dead.hostname, pid: dead.pid, lastHeartbeat: dead.heartbeatAt.toISOString() },
          }),
        });
        lost.push(`${uid} ${name}`);
      } catch (error) {
        if (error instanceof InvalidStatusError) continue; // it ended meanwhile
        complete = false; // keep going; the next sweep retries this process
        log('error', 'could not fail a lost run', { worker: dead.id, uid, instance: name, error: String(error) });
      }
    }
    await releaseQueuePools(db, dead.queuePoolIds);
    if (complete) await markWorkerSwept(db, dead.id);
    log('warn', 'lost process swept', { worker: dead.id, lostInstances: running.length });
  }
  return lost;
}
