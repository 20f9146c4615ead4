import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { sessionTasks, taskInstances } from '../schema';

export interface InFlightInstance {
  sessionUid: string;
  name: string;
  status: 'scheduled' | 'running';
  /** The task's `using` (null = the default runner). */
  using: string | null;
  updatedAt: Date;
  /** The process running it (`metadata.worker.id`), when it recorded one. */
  workerId: string | null;
}

/** Instances that are scheduled or running, oldest change first (crash recovery, live views). */
export async function listInFlightInstances(
  db: Database,
  statuses: ReadonlyArray<'scheduled' | 'running'> = ['scheduled', 'running'],
  sessionUid?: string,
): Promise<InFlightInstance[]> {
  const rows = await db
    .select({
      sessionUid: taskInstances.sessionUid,
      name: taskInstances.name,
      status: taskInstances.status,
      using: sessionTasks.using,
      updatedAt: taskInstances.updatedAt,
      workerId: sql<string | null>`${taskInstances.metadata}->'worker'->>'id'`,
    })
    .from(taskInstances)
    .innerJoin(
      sessionTasks,
      and(eq(sessionTasks.sessionUid, taskInstances.sessionUid), eq(sessionTasks.name, taskInstances.task)),
    )
    .where(
      and(
        inArray(taskInstances.status, [...statuses]),
        sessionUid === undefined ? undefined : eq(taskInstances.sessionUid, sessionUid),
      ),
    )
    .orderBy(asc(taskInstances.updatedAt));
  return rows as InFlightInstance[];
}
