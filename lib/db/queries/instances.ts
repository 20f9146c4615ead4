import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { InstanceMetadata, InstanceStatus, TaskConfig, TaskInstance } from '@/lib/triggers';
import type { Database } from '../client';
import { queryRows } from '../client';
import { sessionTasks, sessionTriggers, taskInstances } from '../schema';
import { rowToInstance, rowToTask } from '../store/rows';
import { decodeIntegerCursor, toPage, type Page } from './cursor';

/** What instance lists show: no payloads, so long lists stay light. */
export interface InstanceSummary {
  name: string;
  task: string;
  seq: number;
  status: InstanceStatus;
  exceptionType: string | null;
  parent: string | null;
  depth: number;
  createdAt: Date;
  updatedAt: Date;
  /** Status timestamps (ISO strings) from the instance's metadata. */
  timestamps: Record<string, string>;
}

export interface TaskWithInstances extends TaskConfig {
  position: number;
  instanceCount: number;
  unresolvedCount: number;
  /** Status of the task's newest instance (highest sequence number), null when it has none. */
  latestStatus: InstanceStatus | null;
  /** The first page of the task's instances (see `listTaskInstances` for more). */
  instances: InstanceSummary[];
}

export interface FiredTrigger {
  trigger: string;
  kwargs: Record<string, unknown>;
  fireCount: number;
  firstFiredAt: Date;
  lastFiredAt: Date;
}

export const summaryColumns = {
  name: taskInstances.name,
  task: taskInstances.task,
  seq: taskInstances.seq,
  status: taskInstances.status,
  exceptionType: taskInstances.exceptionType,
  parent: taskInstances.parent,
  depth: taskInstances.depth,
  createdAt: taskInstances.createdAt,
  updatedAt: taskInstances.updatedAt,
  timestamps: sql<Record<string, string> | null>`${taskInstances.metadata}->'timestamps'`,
};

export type SummaryRow = Omit<InstanceSummary, 'timestamps'> & { timestamps: Record<string, string> | null };

export function toSummary(row: SummaryRow): InstanceSummary {
  return { ...row, timestamps: row.timestamps ?? {} };
}

/** The same summary from a raw SQL row (snake_case, driver-dependent value types). */
function rawToSummary(raw: Record<string, unknown>): InstanceSummary {
  return toSummary({
    name: raw.name as string,
    task: raw.task as string,
    seq: Number(raw.seq),
    status: raw.status as InstanceStatus,
    exceptionType: (raw.exception_type as string | null) ?? null,
    parent: (raw.parent as string | null) ?? null,
    depth: Number(raw.depth),
    createdAt: new Date(raw.created_at as string),
    updatedAt: new Date(raw.updated_at as string),
    timestamps: raw.timestamps as Record<string, string> | null,
  });
}

const SUMMARY_SQL_COLUMNS = sql.raw(
  `i.name, i.task, i.seq, i.status, i.exception_type, i.parent, i.depth, i.created_at, i.updated_at, i.metadata->'timestamps' as timestamps`,
);

/**
 * A session's tasks in configuration order, each with its first `instancesPerTask` instances
 * (by sequence number). Two queries whatever the session's size.
 */
export async function listSessionTasks(
  db: Database,
  uid: string,
  options: { instancesPerTask?: number } = {},
): Promise<TaskWithInstances[]> {
  const perTask = Math.min(Math.max(options.instancesPerTask ?? 50, 1), 500);
  const taskRows = await db
    .select()
    .from(sessionTasks)
    .where(eq(sessionTasks.sessionUid, uid))
    .orderBy(asc(sessionTasks.position));
  if (taskRows.length === 0) return [];
  // One lateral index range scan per task on (session_uid, task, seq), for the first page and
  // for the newest instance: two queries whatever the number of tasks and instances.
  const latestRows = queryRows<{ task: string; status: InstanceStatus }>(
    db,
    sql`select t.name as task, l.status
        from session_tasks t
        cross join lateral (
          select i.status from task_instances i
          where i.session_uid = t.session_uid and i.task = t.name
          order by i.seq desc limit 1
        ) l
        where t.session_uid = ${uid}`,
  );
  const instanceRows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${SUMMARY_SQL_COLUMNS}
        from session_tasks t
        cross join lateral (
          select * from task_instances i
          where i.session_uid = t.session_uid and i.task = t.name
          order by i.seq limit ${perTask}
        ) i
        where t.session_uid = ${uid}
        order by t.position, i.seq`,
  );
  const byTask = new Map<string, InstanceSummary[]>();
  for (const raw of instanceRows) {
    const summary = rawToSummary(raw);
    const list = byTask.get(summary.task) ?? [];
    list.push(summary);
    byTask.set(summary.task, list);
  }
  const latest = new Map((await latestRows).map((row) => [row.task, row.status]));
  return taskRows.map((row) => ({
    ...rowToTask(row),
    position: row.position,
    instanceCount: row.instanceCount,
    unresolvedCount: row.unresolvedCount,
    latestStatus: latest.get(row.name) ?? null,
    instances: byTask.get(row.name) ?? [],
  }));
}

/** One task's instances by sequence number, a page at a time (cursor = last seq seen). */
export async function listTaskInstances(
  db: Database,
  uid: string,
  task: string,
  options: { cursor?: string | null; limit?: number; order?: 'asc' | 'desc' } = {},
): Promise<Page<InstanceSummary>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const order = options.order ?? 'asc';
  const after = options.cursor ? decodeIntegerCursor(options.cursor) : null;
  const rows = await db
    .select(summaryColumns)
    .from(taskInstances)
    .where(
      and(
        eq(taskInstances.sessionUid, uid),
        eq(taskInstances.task, task),
        after === null
          ? undefined
          : order === 'asc'
            ? gt(taskInstances.seq, after)
            : lt(taskInstances.seq, after),
      ),
    )
    .orderBy(order === 'asc' ? asc(taskInstances.seq) : desc(taskInstances.seq))
    .limit(limit + 1);
  const page = toPage(rows as SummaryRow[], limit, (row) => [String(row.seq)]);
  // Sequence cursors are plain numbers: readable in URLs, and nothing to hide.
  const last = page.rows[page.rows.length - 1];
  return { rows: page.rows.map(toSummary), nextCursor: page.nextCursor && last ? String(last.seq) : null };
}

/** Instances that are unstarted, scheduled, running or failed. */
export async function listUnresolvedInstances(db: Database, uid: string, limit = 500): Promise<InstanceSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(taskInstances)
    .where(
      and(
        eq(taskInstances.sessionUid, uid),
        inArray(taskInstances.status, ['unstarted', 'scheduled', 'running', 'failed']),
      ),
    )
    .orderBy(asc(taskInstances.task), asc(taskInstances.seq))
    .limit(limit);
  return (rows as SummaryRow[]).map(toSummary);
}

/** Every trigger fired in the session with its latest kwargs, most recent first. */
export async function listFiredTriggers(db: Database, uid: string): Promise<FiredTrigger[]> {
  return db
    .select({
      trigger: sessionTriggers.trigger,
      kwargs: sessionTriggers.kwargs,
      fireCount: sessionTriggers.fireCount,
      firstFiredAt: sessionTriggers.firstFiredAt,
      lastFiredAt: sessionTriggers.lastFiredAt,
    })
    .from(sessionTriggers)
    .where(eq(sessionTriggers.sessionUid, uid))
    .orderBy(desc(sessionTriggers.lastFiredAt), asc(sessionTriggers.trigger));
}

export interface InstanceDetail {
  instance: TaskInstance;
  /** The task's current configuration. */
  task: TaskConfig | null;
  createdAt: Date;
  updatedAt: Date;
  /** Replay lineage: the chain of parents, oldest first. */
  ancestors: InstanceSummary[];
  /** Clones of this instance and their clones, by depth. */
  descendants: InstanceSummary[];
}

async function lineage(db: Database, uid: string, name: string, direction: 'up' | 'down'): Promise<InstanceSummary[]> {
  const step =
    direction === 'up'
      ? sql`join lineage l on i.name = l.parent`
      : sql`join lineage l on i.parent = l.name`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with recursive lineage as (
          select name, parent from task_instances where session_uid = ${uid} and name = ${name}
          union
          select i.name, i.parent from task_instances i ${step} where i.session_uid = ${uid}
        )
        select ${SUMMARY_SQL_COLUMNS}
        from lineage l join task_instances i on i.session_uid = ${uid} and i.name = l.name
        where l.name <> ${name}
        order by i.depth, i.seq`,
  );
  return rows.map(rawToSummary);
}

/** Everything about one instance, with its replay lineage; null when it does not exist. */
export async function getInstanceDetail(db: Database, uid: string, name: string): Promise<InstanceDetail | null> {
  const [row] = await db
    .select()
    .from(taskInstances)
    .where(and(eq(taskInstances.sessionUid, uid), eq(taskInstances.name, name)));
  if (!row) return null;
  const [taskRow] = await db
    .select()
    .from(sessionTasks)
    .where(and(eq(sessionTasks.sessionUid, uid), eq(sessionTasks.name, row.task)));
  const [ancestors, descendants] = await Promise.all([
    lineage(db, uid, name, 'up'),
    lineage(db, uid, name, 'down'),
  ]);
  return {
    instance: rowToInstance(row),
    task: taskRow ? rowToTask(taskRow) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ancestors,
    descendants,
  };
}

/** Whether `name` is a task of the session (to explain an instance URL that names a task). */
export async function isTaskName(db: Database, uid: string, name: string): Promise<boolean> {
  const [row] = await db
    .select({ name: sessionTasks.name })
    .from(sessionTasks)
    .where(and(eq(sessionTasks.sessionUid, uid), eq(sessionTasks.name, name)));
  return row !== undefined;
}

/** The metadata of one instance (the direct clone of a replayed one: who made it), or null. */
export async function getInstanceMetadata(db: Database, uid: string, name: string): Promise<InstanceMetadata | null> {
  const [row] = await db
    .select({ metadata: taskInstances.metadata })
    .from(taskInstances)
    .where(and(eq(taskInstances.sessionUid, uid), eq(taskInstances.name, name)));
  return row ? (row.metadata as InstanceMetadata) : null;
}
