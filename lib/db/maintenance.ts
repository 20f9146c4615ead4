import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';

export type SessionSelection = { uids: readonly string[] } | { uidPrefix: string };

/**
 * Derives every counter column (session_tasks.instance_count/unresolved_count, the sessions
 * per-status counts, unresolved_task_count, last activity) from the rows themselves. The engine
 * keeps them incrementally; bulk loaders (demo scale sessions, the benchmark) call this after
 * writing rows directly.
 */
export async function refreshSessionCounters(db: Database, selection: SessionSelection): Promise<void> {
  const matches = (column: SQL): SQL =>
    'uids' in selection
      ? sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(selection.uids)}::jsonb))`
      : sql`${column} like ${`${selection.uidPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  // Rows written directly carry their failure time only in metadata: copy it to its column.
  await db.execute(sql`
    update task_instances set failed_at = (metadata->'timestamps'->>'failed')::timestamptz
    where ${matches(sql`session_uid`)} and failed_at is null and metadata->'timestamps' ? 'failed'`);
  await db.execute(sql`
    update session_tasks st set instance_count = c.n, unresolved_count = c.open
    from (select t.session_uid, t.name, count(i.name)::int n,
                 count(i.name) filter (where i.status in ('unstarted','scheduled','running','failed'))::int open
          from session_tasks t
          left join task_instances i on i.session_uid = t.session_uid and i.task = t.name
          where ${matches(sql`t.session_uid`)} group by 1, 2) c
    where st.session_uid = c.session_uid and st.name = c.name`);
  await db.execute(sql`
    update sessions s set
      task_count = t.tasks, unresolved_task_count = t.unresolved,
      instance_count = coalesce(c.n, 0), unstarted_count = coalesce(c.unstarted, 0),
      scheduled_count = coalesce(c.scheduled, 0), running_count = coalesce(c.running, 0),
      finished_count = coalesce(c.finished, 0), failed_count = coalesce(c.failed, 0),
      replayed_count = coalesce(c.replayed, 0), skipped_count = coalesce(c.skipped, 0),
      abandoned_count = coalesce(c.abandoned, 0),
      updated_at = greatest(s.updated_at, c.last_change, g.last_fired)
    from (select session_uid, count(*)::int tasks,
                 count(*) filter (where instance_count = 0 or unresolved_count > 0)::int unresolved
          from session_tasks where ${matches(sql`session_uid`)} group by 1) t
    left join (select session_uid, count(*)::int n,
                 count(*) filter (where status = 'unstarted')::int unstarted,
                 count(*) filter (where status = 'scheduled')::int scheduled,
                 count(*) filter (where status = 'running')::int running,
                 count(*) filter (where status = 'finished')::int finished,
                 count(*) filter (where status = 'failed')::int failed,
                 count(*) filter (where status = 'replayed')::int replayed,
                 count(*) filter (where status = 'skipped')::int skipped,
                 count(*) filter (where status = 'abandoned')::int abandoned,
                 max(updated_at) last_change
          from task_instances where ${matches(sql`session_uid`)} group by 1) c on c.session_uid = t.session_uid
    left join (select session_uid, max(last_fired_at) last_fired
          from session_triggers where ${matches(sql`session_uid`)} group by 1) g on g.session_uid = t.session_uid
    where s.uid = t.session_uid`);
}
