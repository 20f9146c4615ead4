/**
 * graphile-worker's queue, reached with plain SQL so that adding a job can join the caller's
 * transaction (the engine's, through its SQL capability): the job and the change commit together.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { SqlExecutor } from '../store/capability';

export interface QueueJobOptions {
  /** Seconds from now before the job may run (0: at once). */
  delaySeconds?: number;
  maxAttempts?: number;
  /** A job with the same key replaces the waiting one instead of adding a second. */
  jobKey?: string;
}

/** Adds a job for graphile-worker's task `task` with a JSON payload. */
export async function addQueueJob(
  executor: SqlExecutor | Database,
  task: string,
  payload: object,
  options: QueueJobOptions = {},
): Promise<void> {
  await executor.execute(sql`
    select graphile_worker.add_job(
      ${task},
      ${JSON.stringify(payload)}::json,
      run_at := now() + make_interval(secs => ${options.delaySeconds ?? 0}),
      max_attempts := ${options.maxAttempts ?? 25},
      job_key := ${options.jobKey ?? null}
    )`);
}

/** Releases the jobs locked by the given queue pools (of a process that died holding them). */
export async function releaseQueuePools(db: Database, poolIds: readonly string[]): Promise<void> {
  if (poolIds.length === 0) return;
  await db.execute(
    sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(poolIds)}::jsonb)))`,
  );
}
