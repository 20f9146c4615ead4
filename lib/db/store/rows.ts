/**
 * Rows become engine types here and nowhere else, and engine types become rows here: the one
 * list of what each written column of session_tasks, task_instances and session_events holds.
 * Adding a column to one of these tables means adding it to its list below (TypeScript insists).
 */
import {
  failureIdentity,
  instanceSequence,
  INSTANCE_STATUSES,
  type EngineEvent,
  type EventChanges,
  type EventKind,
  type InstanceStatus,
  type TaskConfig,
  type TaskInstance,
} from '@/lib/triggers';
import {
  sessionEvents,
  sessions,
  sessionTasks,
  taskInstances,
  type SessionEventRow,
  type SessionTaskRow,
  type TaskInstanceRow,
} from '../schema';
import { RecordsetWriter, type ColumnValues } from './recordset';

export function rowToTask(row: SessionTaskRow): TaskConfig {
  return {
    name: row.name,
    run: row.run,
    after: row.after,
    unless: row.unless,
    andEvery: row.andEvery,
    using: row.using,
    withParams: row.withParams,
    extra: row.extra,
  };
}

export function rowToInstance(row: TaskInstanceRow): TaskInstance {
  return {
    name: row.name,
    task: row.task,
    status: row.status,
    kwargs: row.kwargs,
    abandonState: row.abandonState,
    metadata: row.metadata,
  };
}

/** A journal row as an engine event. */
export function rowToEvent(row: SessionEventRow): EngineEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind as EventKind,
    actor: row.actor,
    task: row.task,
    instance: row.instance,
    data: row.data,
    changes: row.changes as EventChanges,
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What a saved instance writes to each task_instances column (the session's uid aside). */
const INSTANCE_COLUMNS: ColumnValues<typeof taskInstances, TaskInstance, 'sessionUid'> = {
  name: (i) => i.name,
  task: (i) => i.task,
  seq: (i) => instanceSequence(i.name),
  status: (i) => i.status,
  kwargs: (i) => i.kwargs,
  abandonState: (i) => i.abandonState,
  metadata: (i) => i.metadata,
  // Copies of metadata the dashboard filters and sorts on.
  exceptionType: (i) => text(i.metadata.exceptionType),
  parent: (i) => text(i.metadata.parent),
  depth: (i) => (Number.isInteger(i.metadata.depth) ? i.metadata.depth : 0),
  createdAt: (i, now) => i.metadata.timestamps?.created ?? now,
  updatedAt: (i, now) => i.metadata.timestamps?.lastModified ?? now,
  failedAt: (i) => i.metadata.timestamps?.failed ?? null,
  fingerprint: (i) => (hasFailure(i) ? failureIdentity(i.metadata).fingerprint : null),
};

/** Whether an instance carries failure fields (it failed, or failed before it was replayed or skipped). */
export function hasFailure(i: TaskInstance): boolean {
  return i.status === 'failed' || typeof i.metadata.exceptionType === 'string';
}

/** A task as the store keeps it within a transaction: its configuration, place and counters. */
export interface TaskState {
  config: TaskConfig;
  position: number;
  instanceCount: number;
  unresolvedCount: number;
}

const TASK_COLUMNS: ColumnValues<typeof sessionTasks, TaskState, 'sessionUid'> = {
  name: (s) => s.config.name,
  position: (s) => s.position,
  run: (s) => s.config.run,
  after: (s) => s.config.after,
  unless: (s) => s.config.unless,
  andEvery: (s) => s.config.andEvery,
  using: (s) => s.config.using,
  withParams: (s) => s.config.withParams,
  extra: (s) => s.config.extra,
  instanceCount: (s) => s.instanceCount,
  unresolvedCount: (s) => s.unresolvedCount,
};

const EVENT_COLUMNS: ColumnValues<typeof sessionEvents, EngineEvent, 'sessionUid'> = {
  seq: (e) => e.seq,
  at: (e) => e.at,
  kind: (e) => e.kind,
  actor: (e) => e.actor,
  task: (e) => e.task,
  instance: (e) => e.instance,
  data: (e) => e.data,
  changes: (e) => e.changes,
};

/** Instances: an update keeps the identity and the birth of the row. */
export const instanceWrites = new RecordsetWriter<TaskInstance>(taskInstances, INSTANCE_COLUMNS, ['name', 'task', 'seq', 'createdAt']);
/** Tasks: an upsert keeps the name and the configuration order. */
export const taskWrites = new RecordsetWriter<TaskState>(sessionTasks, TASK_COLUMNS, ['name', 'position']);
/** Journal events: append only. */
export const eventWrites = new RecordsetWriter<EngineEvent>(sessionEvents, EVENT_COLUMNS);

/** The sessions column that counts the instances in each status (`failed`: failed_count). */
export const STATUS_COUNTERS = Object.fromEntries(
  INSTANCE_STATUSES.map((status) => [status, sessions[`${status}Count`]]),
) as { [S in InstanceStatus]: (typeof sessions)[`${S}Count`] };
