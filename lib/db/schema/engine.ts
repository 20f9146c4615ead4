/**
 * The engine's tables: one session (one uid) lives in sessions, session_tasks, task_instances and
 * session_triggers, with its journal in session_events and session_checkpoints. Free-form engine
 * data is JSONB; what the dashboard filters or sorts on has real columns, kept in step by the
 * persistence layer's PostgresStore (lib/db/store) in the same transaction as every change.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
// The engine's dependency-free types module only: loading the schema must not load the engine.
import { INSTANCE_STATUSES } from '@/lib/triggers/types';
import { counter, timestamptz, type Json, type TriggerKwargsJson } from './columns';

/** One trigger session, with per-status counters so lists never scan instances. */
export const sessions = pgTable(
  'sessions',
  {
    uid: text('uid').primaryKey(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** Last activity: any engine change to the session. */
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /** Free-form session metadata (application or operator notes). */
    metadata: jsonb('metadata').$type<Json>().notNull().default({}),
    taskCount: counter('task_count'),
    instanceCount: counter('instance_count'),
    /** Tasks with no instance yet, or with an unresolved instance (SessionStore.unresolvedTasks). */
    unresolvedTaskCount: counter('unresolved_task_count'),
    unstartedCount: counter('unstarted_count'),
    scheduledCount: counter('scheduled_count'),
    runningCount: counter('running_count'),
    finishedCount: counter('finished_count'),
    failedCount: counter('failed_count'),
    replayedCount: counter('replayed_count'),
    skippedCount: counter('skipped_count'),
    abandonedCount: counter('abandoned_count'),
    /** Events in the session's journal (the last `session_events.seq`). */
    eventCount: counter('event_count'),
  },
  (t) => [
    index('sessions_activity_idx').on(t.updatedAt.desc().nullsFirst(), t.uid.desc().nullsFirst()),
    index('sessions_failed_activity_idx')
      .on(t.updatedAt.desc().nullsFirst(), t.uid.desc().nullsFirst())
      .where(sql`${t.failedCount} > 0`),
    index('sessions_unresolved_activity_idx')
      .on(t.updatedAt.desc().nullsFirst(), t.uid.desc().nullsFirst())
      .where(sql`${t.unresolvedTaskCount} > 0`),
    index('sessions_resolved_activity_idx')
      .on(t.updatedAt.desc().nullsFirst(), t.uid.desc().nullsFirst())
      .where(sql`${t.unresolvedTaskCount} = 0`),
    // Prefix search on uid (LIKE 'abc%') whatever the database collation.
    index('sessions_uid_prefix_idx').using('btree', sql`${t.uid} text_pattern_ops`),
  ],
);

/** A session's task configurations (TaskConfig), in configuration order, with instance counters. */
export const sessionTasks = pgTable(
  'session_tasks',
  {
    sessionUid: text('session_uid')
      .notNull()
      .references(() => sessions.uid, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Configuration order: the order in which tasks were first added. */
    position: integer('position').notNull(),
    run: text('run').notNull(),
    after: jsonb('after').$type<string[]>().notNull(),
    unless: jsonb('unless').$type<string[]>().notNull(),
    andEvery: text('and_every'),
    using: text('using'),
    withParams: jsonb('with_params').$type<TriggerKwargsJson>().notNull(),
    extra: jsonb('extra').$type<Json>().notNull(),
    instanceCount: counter('instance_count'),
    unresolvedCount: counter('unresolved_count'),
  },
  (t) => [primaryKey({ columns: [t.sessionUid, t.name] })],
);

// The engine's statuses: one list, from the engine's dependency-free types module.
export const INSTANCE_STATUS_VALUES = INSTANCE_STATUSES;

/** One row per task instance. */
export const taskInstances = pgTable(
  'task_instances',
  {
    sessionUid: text('session_uid')
      .notNull()
      .references(() => sessions.uid, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    task: text('task').notNull(),
    /** The n of `task#n`. */
    seq: integer('seq').notNull(),
    status: text('status', { enum: INSTANCE_STATUS_VALUES }).notNull(),
    kwargs: jsonb('kwargs').$type<TriggerKwargsJson>().notNull(),
    abandonState: jsonb('abandon_state').$type<string[]>().notNull(),
    metadata: jsonb('metadata').$type<Json>().notNull(),
    /** Copied from metadata for the failed inbox. */
    exceptionType: text('exception_type'),
    /** Replay lineage, copied from metadata. */
    parent: text('parent'),
    depth: integer('depth').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    /** When it last entered `failed` (metadata.timestamps.failed): the failed inbox's order. */
    failedAt: timestamptz('failed_at'),
    /**
     * The failure's identity (lib/triggers/fingerprint.ts: type, normalised message, top in-app
     * frame) while it has failure fields; failure_groups holds one row per fingerprint.
     */
    fingerprint: text('fingerprint'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionUid, t.name] }),
    uniqueIndex('task_instances_task_seq_idx').on(t.sessionUid, t.task, t.seq),
    // A firing loads only the unstarted instances of the tasks it touches.
    index('task_instances_unstarted_idx')
      .on(t.sessionUid, t.task)
      .where(sql`${t.status} = 'unstarted'`),
    index('task_instances_unresolved_idx')
      .on(t.sessionUid, t.status)
      .where(sql`${t.status} in ('unstarted', 'scheduled', 'running', 'failed')`),
    index('task_instances_parent_idx')
      .on(t.sessionUid, t.parent)
      .where(sql`${t.parent} is not null`),
    // Failed inbox: newest first, optionally by exception type or task.
    index('task_instances_failed_idx')
      .on(t.failedAt.desc().nullsFirst(), t.sessionUid.desc().nullsFirst(), t.name.desc().nullsFirst())
      .where(sql`${t.status} = 'failed'`),
    index('task_instances_failed_type_idx')
      .on(t.exceptionType, t.failedAt.desc().nullsFirst())
      .where(sql`${t.status} = 'failed'`),
    index('task_instances_failed_task_idx')
      .on(t.task, t.failedAt.desc().nullsFirst())
      .where(sql`${t.status} = 'failed'`),
    // A failure group's instances and trend, newest first.
    index('task_instances_fingerprint_idx')
      .on(t.fingerprint, t.failedAt.desc().nullsFirst())
      .where(sql`${t.fingerprint} is not null`),
    // Failed rows written before fingerprints existed, for the lazy backfill (empty once done).
    index('task_instances_unfingerprinted_idx')
      .on(t.failedAt)
      .where(sql`${t.status} = 'failed' and ${t.fingerprint} is null`),
    // In-flight instances, for crash recovery and live views.
    index('task_instances_in_flight_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('scheduled', 'running')`),
    check(
      'task_instances_status_check',
      sql`${t.status} in ('unstarted', 'scheduled', 'running', 'finished', 'failed', 'replayed', 'skipped', 'abandoned')`,
    ),
    foreignKey({ columns: [t.sessionUid, t.task], foreignColumns: [sessionTasks.sessionUid, sessionTasks.name] }),
  ],
);

/** Every trigger fired in a session, with the kwargs of its latest firing. */
export const sessionTriggers = pgTable(
  'session_triggers',
  {
    sessionUid: text('session_uid')
      .notNull()
      .references(() => sessions.uid, { onDelete: 'cascade' }),
    trigger: text('trigger').notNull(),
    kwargs: jsonb('kwargs').$type<Json>().notNull(),
    fireCount: integer('fire_count').notNull().default(1),
    firstFiredAt: timestamptz('first_fired_at').notNull(),
    lastFiredAt: timestamptz('last_fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionUid, t.trigger] })],
);

export type SessionRow = typeof sessions.$inferSelect;
export type NewSessionRow = typeof sessions.$inferInsert;
export type SessionTaskRow = typeof sessionTasks.$inferSelect;
export type TaskInstanceRow = typeof taskInstances.$inferSelect;
export type SessionTriggerRow = typeof sessionTriggers.$inferSelect;


/**
 * The session journal (lib/triggers/journal.ts): one row per engine step, append-only, written in
 * the step's own transaction. `changes` holds the full records the step saved, so replaying the
 * rows rebuilds the session; `data` says what happened in words.
 */
export const sessionEvents = pgTable(
  'session_events',
  {
    sessionUid: text('session_uid').notNull(),
    seq: integer('seq').notNull(),
    at: timestamptz('at').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    task: text('task'),
    instance: text('instance'),
    data: jsonb('data').$type<Json>().notNull().default({}),
    changes: jsonb('changes').$type<Json>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.sessionUid, t.seq] }),
    index('session_events_instance_idx').on(t.sessionUid, t.instance, t.seq),
    index('session_events_task_idx').on(t.sessionUid, t.task, t.seq),
    index('session_events_kind_idx').on(t.sessionUid, t.kind, t.seq),
  ],
);

/** Rebuilt states of a session at some events, so a snapshot replays only from the nearest one. */
export const sessionCheckpoints = pgTable(
  'session_checkpoints',
  {
    sessionUid: text('session_uid').notNull(),
    seq: integer('seq').notNull(),
    state: jsonb('state').$type<Json>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionUid, t.seq] })],
);

export type SessionEventRow = typeof sessionEvents.$inferSelect;
