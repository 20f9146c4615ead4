/**
 * A transaction's buffered changes written in one statement, with the counters they imply: the
 * tasks' instance and unresolved counts and the session's per-status counts, kept in step here
 * so that lists never count rows.
 */
import { sql } from 'drizzle-orm';
import { INSTANCE_STATUSES, isResolved, type EngineEvent, type InstanceStatus, type Kwargs, type TaskInstance } from '@/lib/triggers';
import type { SessionRow } from '../schema';
import type { SqlExecutor } from './capability';
import { newFailureGroups, upsertFailureGroups } from './failure-groups';
import { eventWrites, instanceWrites, STATUS_COUNTERS, taskWrites, type TaskState } from './rows';

/** A task as a transaction holds it: `dirty` once its row must be written. */
export interface BufferedTask extends TaskState {
  dirty: boolean;
}

export interface BufferedChanges {
  uid: string;
  /** The session's row as locked at the start of the transaction. */
  session: SessionRow;
  /** Every task of the session (loaded), by name. */
  tasks: Map<string, BufferedTask>;
  /** Changed instances, with their status when loaded (null: created in this transaction). */
  instances: { instance: TaskInstance; from: InstanceStatus | null }[];
  /** Triggers fired, with their latest kwargs and how many times. */
  triggers: Map<string, { kwargs: Kwargs; fires: number }>;
  /** Journal events, numbered and attributed. */
  events: EngineEvent[];
}

export async function writeChanges(tx: SqlExecutor, changes: BufferedChanges): Promise<void> {
  const { uid, session, tasks, events } = changes;
  const inserted: TaskInstance[] = [];
  const updated: TaskInstance[] = [];
  const statusCounts = Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, session[`${s}Count`]])) as Record<InstanceStatus, number>;
  let newInstances = 0;
  for (const { instance, from } of changes.instances) {
    (from === null ? inserted : updated).push(instance);
    if (from === null) newInstances += 1;
    else statusCounts[from] -= 1;
    statusCounts[instance.status] += 1;
    const fromOpen = from !== null && !isResolved({ ...instance, status: from });
    const toOpen = !isResolved(instance);
    const state = tasks.get(instance.task);
    if (state && fromOpen !== toOpen) {
      state.unresolvedCount += toOpen ? 1 : -1;
      state.dirty = true;
    }
    if (state && from === null) state.dirty = true;
  }
  const allTasks = [...tasks.values()];
  const unresolvedTaskCount = allTasks.filter((s) => s.instanceCount === 0 || s.unresolvedCount > 0).length;
  const failureGroups = newFailureGroups(changes.instances, new Date().toISOString());
  const triggerRecords = [...changes.triggers].map(([trigger, { kwargs, fires }]) => ({ trigger, kwargs, fires }));
  const counterAssignments = sql.join(
    INSTANCE_STATUSES.map((s) => sql`${sql.raw(STATUS_COUNTERS[s].name)} = ${statusCounts[s]}`),
    sql`, `,
  );

  // All writes in one round trip: data-modifying CTEs, then the new instances. Foreign keys
  // are checked at the end of the statement, so new instances may reference new tasks.
  await tx.execute(sql`
    with upserted_tasks as (
      insert into session_tasks (session_uid, ${taskWrites.insertColumns})
      select ${uid}, ${taskWrites.selectColumns}
      from ${taskWrites.recordset(taskWrites.records(allTasks.filter((s) => s.dirty)))}
      on conflict (session_uid, name) do update set ${taskWrites.assignments('excluded')}
    ),
    updated_instances as (
      update task_instances t set ${instanceWrites.assignments('x')}
      from ${instanceWrites.recordset(instanceWrites.records(updated))}
      where t.session_uid = ${uid} and t.name = x.name
    ),
    fired as (
      insert into session_triggers (session_uid, trigger, kwargs, fire_count, first_fired_at, last_fired_at)
      select ${uid}, x.trigger, x.kwargs, x.fires, now(), now()
      from jsonb_to_recordset(${JSON.stringify(triggerRecords)}::jsonb) as x(trigger text, kwargs jsonb, fires int)
      on conflict (session_uid, trigger) do update set
        kwargs = excluded.kwargs,
        fire_count = session_triggers.fire_count + excluded.fire_count,
        last_fired_at = excluded.last_fired_at
    ),
    ${failureGroups.length > 0 ? sql`seen_failure_groups as (${upsertFailureGroups(failureGroups)}),` : sql``}
    appended_events as (
      insert into session_events (session_uid, ${eventWrites.insertColumns})
      select ${uid}, ${eventWrites.selectColumns}
      from ${eventWrites.recordset(eventWrites.records(events))}
    ),
    touched_session as (
      update sessions set
        updated_at = now(),
        event_count = event_count + ${events.length},
        task_count = ${allTasks.length},
        instance_count = instance_count + ${newInstances},
        unresolved_task_count = ${unresolvedTaskCount},
        ${counterAssignments}
      where uid = ${uid}
    )
    insert into task_instances (session_uid, ${instanceWrites.insertColumns})
    select ${uid}, ${instanceWrites.selectColumns}
    from ${instanceWrites.recordset(instanceWrites.records(inserted))}`);
}
