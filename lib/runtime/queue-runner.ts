import { sql } from 'drizzle-orm';
import { PostgresTransaction, type DispatchContext, type TaskInstance, type TaskRunner, type TriggerManager } from '@/lib/triggers';

/** graphile-worker task identifier of the job that runs one instance. */
export const RUN_INSTANCE_TASK = 'run_instance';

export interface RunInstancePayload {
  uid: string;
  instance: string;
}

/**
 * Dispatches instances to worker processes through graphile-worker. The job is added with
 * plain SQL inside the engine's own transaction, so "status = scheduled" and "a job exists"
 * commit together or not at all. A retry's `cooldown` becomes the job's run_at.
 */
export class QueueRunner implements TaskRunner {
  readonly name = 'queue';
  readonly writesToTransaction = true;

  async run(_manager: TriggerManager, instance: TaskInstance, context?: DispatchContext): Promise<void> {
    const transaction = context?.transaction;
    if (!(transaction instanceof PostgresTransaction)) {
      throw new Error(
        `The queue runner needs a PostgresStore on a PostgreSQL server to dispatch '${instance.name}'; set DATABASE_URL, or use the inline runner.`,
      );
    }
    const payload: RunInstancePayload = { uid: context!.uid, instance: instance.name };
    const cooldown = typeof instance.metadata.cooldown === 'number' ? Math.max(0, instance.metadata.cooldown) : 0;
    await transaction.executor.execute(sql`
      select graphile_worker.add_job(
        ${RUN_INSTANCE_TASK},
        ${JSON.stringify(payload)}::json,
        run_at := now() + make_interval(secs => ${cooldown}),
        max_attempts := 5,
        job_key := ${JSON.stringify([payload.uid, payload.instance])}
      )`);
  }
}
