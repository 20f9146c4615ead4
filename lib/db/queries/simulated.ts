import 'server-only';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../client';

/** An instance support skipped with a cascade: its simulated result was fired as its task's trigger. */
export interface CascadedSkip {
  task: string;
  name: string;
  result: Record<string, unknown>;
}

/** The cascaded skips of a session, optionally only of some tasks. */
export async function listCascadedSkips(db: Database, uid: string, tasks?: string[]): Promise<CascadedSkip[]> {
  if (tasks && tasks.length === 0) return [];
  const rows = await queryRows<{ task: string; name: string; result: Record<string, unknown> | null }>(
    db,
    sql`select task, name, metadata->'skippedResult' as result from task_instances
        where session_uid = ${uid} and status = 'skipped' and metadata->>'cascade' = 'true'
        ${tasks ? sql`and task in ${tasks}` : sql``}
        order by name`,
  );
  return rows.map((row) => ({ task: row.task, name: row.name, result: row.result ?? {} }));
}

/**
 * Triggers (named after tasks) whose latest kwargs are a simulated result: the task's latest
 * cascaded skip is more recent than its latest finished instance. Looks only at tasks that have
 * a cascaded skip, so it stays cheap on large sessions.
 */
export async function listSimulatedTriggers(db: Database, uid: string): Promise<string[]> {
  const rows = await queryRows<{ task: string }>(
    db,
    sql`with simulated as (
          select task, max((metadata->'timestamps'->>'skipped')::timestamptz) as at
          from task_instances
          where session_uid = ${uid} and status = 'skipped' and metadata->>'cascade' = 'true'
          group by task)
        select s.task from simulated s
        where s.at >= coalesce((
          select max((t.metadata->'timestamps'->>'finished')::timestamptz) from task_instances t
          where t.session_uid = ${uid} and t.task = s.task and t.status = 'finished'), '-infinity'::timestamptz)
        order by s.task`,
  );
  return rows.map((row) => row.task);
}
