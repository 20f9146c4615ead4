import { sqlCapabilityOf } from '@/lib/db';
import { addQueueJob } from '@/lib/db/queries/queue';
import type { DispatchContext, TaskInstance, TaskRunner, TriggerManager } from '@/lib/triggers';

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
    const transaction = sqlCapabilityOf(context?.transaction);
    if (!context || !transaction) {
      throw new Error(
        `The queue runner needs a PostgresStore on a PostgreSQL server to dispatch '${instance.name}'; set DATABASE_URL, or use the inline runner.`,
      );
    }
    const payload: RunInstancePayload = { uid: context.uid, instance: instance.name };
    const cooldown = typeof instance.metadata.cooldown === 'number' ? Math.max(0, instance.metadata.cooldown) : 0;
    await addQueueJob(transaction.executor, RUN_INSTANCE_TASK, payload, {
      delaySeconds: cooldown,
      maxAttempts: 5,
      jobKey: JSON.stringify([payload.uid, payload.instance]),
    });
  }
}
