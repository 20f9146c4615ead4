/**
 * The dashboard's tables: processes and their leases, bulk operations, users and their sign-in
 * state, generated secrets and the audit trail.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamptz, type Json } from './columns';

/**
 * Processes that run task instances — workers (`npm run worker`) and, in queue mode, the web
 * process for tasks `using: 'inline'` — and their heartbeats (leases). A process whose heartbeat
 * is older than the lease is lost: its running instances fail with WorkerLost and its queue jobs
 * are released to live workers.
 */
export const workers = pgTable(
  'workers',
  {
    id: text('id').primaryKey(),
    /** 'worker' or 'web'. */
    kind: text('kind').notNull(),
    hostname: text('hostname').notNull(),
    pid: integer('pid').notNull(),
    concurrency: integer('concurrency').notNull(),
    /** graphile-worker's pool id of this process, to release its locked jobs if it dies. */
    queuePoolIds: jsonb('queue_pool_ids').$type<string[]>().notNull().default([]),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    heartbeatAt: timestamptz('heartbeat_at').notNull().defaultNow(),
    /**
     * Start of this process's unbroken run of heartbeats (reset when one comes late): a sweeper
     * judges others only after it has itself reached the database for a whole lease.
     */
    connectedSince: timestamptz('connected_since').notNull().defaultNow(),
    stoppedAt: timestamptz('stopped_at'),
    /** 'stopped' (graceful) or 'lost' (heartbeat expired); null while alive. */
    endedAs: text('ended_as'),
    /** When a sweeper finished failing a lost process's runs and releasing its jobs. */
    sweptAt: timestamptz('swept_at'),
  },
  (t) => [
    index('workers_alive_heartbeat_idx').on(t.heartbeatAt).where(sql`${t.stoppedAt} is null`),
    index('workers_unswept_idx').on(t.stoppedAt).where(sql`${t.endedAs} = 'lost' and ${t.sweptAt} is null`),
  ],
);

export type WorkerRow = typeof workers.$inferSelect;

/**
 * A bulk action from the failed inbox. The selection is frozen into `bulk_operation_items` when
 * the operation is created (a draft): confirming acts on exactly that list, never on instances
 * that failed later. `state` moves draft → running → finished; the draft → running step is a
 * compare-and-set, so a double submit cannot start it twice.
 */
export const bulkOperations = pgTable(
  'bulk_operations',
  {
    id: text('id').primaryKey(),
    /** 'draft' | 'running' | 'finished'. */
    state: text('state').notNull().default('draft'),
    /** Chosen at confirmation: 'replay' (with the original kwargs) or 'skip' (no cascade). */
    action: text('action'),
    reason: text('reason'),
    /** How the selection was made, to show on the confirmation page. */
    selection: jsonb('selection').$type<Json>().notNull().default({}),
    /** Matching instances left out because the selection was capped. */
    leftOut: integer('left_out').notNull().default(0),
    total: integer('total').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedBy: text('started_by'),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [
    check('bulk_operations_state_check', sql`${t.state} in ('draft', 'running', 'finished')`),
    check('bulk_operations_action_check', sql`${t.action} is null or ${t.action} in ('replay', 'skip')`),
    index('bulk_operations_running_idx').on(t.startedAt).where(sql`${t.state} = 'running'`),
  ],
);

/** One frozen instance of a bulk operation, with its outcome once processed. */
export const bulkOperationItems = pgTable(
  'bulk_operation_items',
  {
    operationId: text('operation_id')
      .notNull()
      .references(() => bulkOperations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sessionUid: text('session_uid').notNull(),
    instanceName: text('instance_name').notNull(),
    task: text('task').notNull(),
    exceptionType: text('exception_type'),
    /** When a process took the item (a stale claim is taken over after a crash). */
    claimedAt: timestamptz('claimed_at'),
    /** The process that claimed it (its lease id): a claim of a process that is not alive is taken over. */
    claimedBy: text('claimed_by'),
    /** null (pending) | 'done' | 'already-handled' | 'error'. */
    outcome: text('outcome'),
    message: text('message'),
    /** The replay's clone. */
    resultInstance: text('result_instance'),
    processedAt: timestamptz('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.operationId, t.position] }),
    uniqueIndex('bulk_operation_items_instance_idx').on(t.operationId, t.sessionUid, t.instanceName),
    index('bulk_operation_items_pending_idx').on(t.operationId, t.position).where(sql`${t.outcome} is null`),
    check('bulk_operation_items_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('done', 'already-handled', 'error')`),
  ],
);

export type BulkOperationRow = typeof bulkOperations.$inferSelect;
export type BulkOperationItemRow = typeof bulkOperationItems.$inferSelect;

/** Staff who sign in to the dashboard. Email is stored lower-cased (one account per address). */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** 'viewer' | 'operator' | 'admin'. */
    role: text('role').notNull(),
    /** argon2id (PHC string). */
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    /** Consecutive failed sign-ins; reset by a successful one. */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    lastSignInAt: timestamptz('last_sign_in_at'),
    /** Bumped when the password changes or the user is disabled: older cookies stop working. */
    sessionVersion: integer('session_version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    check('users_role_check', sql`${t.role} in ('viewer', 'operator', 'admin')`),
    check('users_email_lower_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * Failed sign-ins, by the email that was tried (known or not) and the client address: the
 * per-address rate limit and the per-account lockout (lib/auth/sign-in.ts) count these rows.
 * Old rows are pruned.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ip: text('ip').notNull(),
    email: text('email').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    /** Refused unchecked because of a lock: counts for the address's limit, not towards a lock. */
    whileLocked: boolean('while_locked').notNull().default(false),
  },
  (t) => [index('sign_in_failures_ip_idx').on(t.ip, t.at), index('sign_in_failures_email_idx').on(t.email, t.at)],
);

/** Addresses a user has signed in from successfully: they still get in while the account is locked for others. */
export const signInAddresses = pgTable(
  'sign_in_addresses',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ip: text('ip').notNull(),
    lastSignInAt: timestamptz('last_sign_in_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);

/**
 * Signed-in sessions. The cookie holds a random token; the row holds only its SHA-256, so the
 * table alone signs no one in. Sign-out deletes the row; so do "sign out everywhere", disabling
 * the user and a password reset. A row past `expiresAt` is dead even if a cookie still has it.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId), index('auth_sessions_expires_idx').on(t.expiresAt)],
);

export type AuthSessionRow = typeof authSessions.$inferSelect;

/** Secrets the app generates for itself when none is configured (the cookie-sealing key). */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** What an audit row records (the `action` column). */
export const AUDIT_ACTIONS = [
  'replay',
  'skip',
  'fire-trigger',
  'mark-logs-resolved',
  'bulk-start',
  'user-create',
  'user-update',
  'group-assign',
  'group-note',
  'group-resolve',
  'group-unresolve',
  'group-snooze',
  'group-unsnooze',
  'session-create',
  'session-configure',
  'token-create',
  'token-revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The audit trail: one row per confirmed change, written in the same transaction as the change
 * (a failed attempt gets a row with its error and changes nothing else). Never updated by the
 * dashboard except to record that a change's follow-up failed.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    actorId: text('actor_id'),
    /** 'user' (signed in), 'token' (an API token: id, `token:<name>`), 'cli' (npm run tb), 'system'. */
    actorKind: text('actor_kind').notNull().default('user'),
    actorEmail: text('actor_email').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').$type<AuditAction>().notNull(),
    sessionUid: text('session_uid'),
    instanceName: text('instance_name'),
    /** What was asked: replacement kwargs, simulated result, trigger kwargs, reason, … */
    input: jsonb('input').$type<Json>().notNull().default({}),
    /** 'ok' | 'error'. */
    outcome: text('outcome').notNull(),
    /** What it did: the clone, the instances changed, … */
    result: jsonb('result').$type<Json>().notNull().default({}),
    error: text('error'),
    bulkOperationId: text('bulk_operation_id'),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at.desc(), t.id.desc()),
    index('audit_events_session_idx').on(t.sessionUid, t.at.desc(), t.id.desc()),
    index('audit_events_instance_idx').on(t.sessionUid, t.instanceName, t.at.desc()),
    index('audit_events_actor_idx').on(t.actorEmail, t.at.desc()),
    index('audit_events_action_idx').on(t.action, t.at.desc()),
    check('audit_events_outcome_check', sql`${t.outcome} in ('ok', 'error')`),
    check('audit_events_actor_kind_check', sql`${t.actorKind} in ('user', 'token', 'cli', 'system')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

/**
 * One row per failure fingerprint (task_instances.fingerprint), created by the store in the
 * transaction that records the group's first failure, with its triage state. Resolving sets
 * `resolved_at`; a failure recorded after it clears it and sets `reopened_at` (the same
 * statement that records the failure). A snooze lasts until `snoozed_until`, or until
 * `failure_count` reaches `snooze_until_count` (the count at snooze time plus N).
 */
export const failureGroups = pgTable(
  'failure_groups',
  {
    fingerprint: text('fingerprint').primaryKey(),
    exceptionType: text('exception_type').notNull(),
    /** The task of the group's first failure (a fingerprint is rarely shared by tasks). */
    task: text('task').notNull(),
    /** The message with its volatile parts replaced by placeholders. */
    template: text('template').notNull(),
    /** The top in-app frame, `fn (lib/file.ts)`, or null. */
    frame: text('frame'),
    firstSeen: timestamptz('first_seen').notNull(),
    lastSeen: timestamptz('last_seen').notNull(),
    /** Failures recorded in this group, ever (an instance entering `failed` counts once each time). */
    failureCount: integer('failure_count').notNull().default(0),
    assigneeId: text('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamptz('resolved_at'),
    resolvedBy: text('resolved_by'),
    /** When a failure after a resolution reopened the group (cleared by the next resolution). */
    reopenedAt: timestamptz('reopened_at'),
    snoozedAt: timestamptz('snoozed_at'),
    snoozedUntil: timestamptz('snoozed_until'),
    snoozeUntilCount: integer('snooze_until_count'),
  },
  (t) => [
    index('failure_groups_assignee_idx').on(t.assigneeId),
  ],
);

/** The note thread of a failure group, oldest first. */
export const failureGroupNotes = pgTable(
  'failure_group_notes',
  {
    id: text('id').primaryKey(),
    fingerprint: text('fingerprint')
      .notNull()
      .references(() => failureGroups.fingerprint, { onDelete: 'cascade' }),
    at: timestamptz('at').notNull().defaultNow(),
    authorId: text('author_id'),
    authorName: text('author_name').notNull(),
    authorEmail: text('author_email').notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('failure_group_notes_fingerprint_idx').on(t.fingerprint, t.at)],
);

export type FailureGroupRow = typeof failureGroups.$inferSelect;
export type FailureGroupNoteRow = typeof failureGroupNotes.$inferSelect;

/**
 * API tokens for /api/v1. The secret is shown once at creation; the row keeps only its SHA-256
 * (a token is 32 random bytes, so a fast hash is enough) and a short prefix to recognise it by.
 * A revoked token stays listed. `rate_limit_tat` is the per-token rate limit's state (GCRA: the
 * "theoretical arrival time" of the next request), updated in the statement that authenticates a
 * request, so every server shares it.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** 'read' (reads, like a viewer) or 'operate' (also fires, replays, skips, like an operator). */
    scope: text('scope').$type<'read' | 'operate'>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The secret's first characters (`tb_AbC1`), to tell tokens apart in lists and logs. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
    revokedBy: text('revoked_by'),
    /** Null until first used; at most the rate limit's period ahead of now. */
    rateLimitTat: timestamptz('rate_limit_tat'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_idx').on(t.tokenHash),
    // Names are how audit rows and lists tell tokens apart: unique among live ones.
    uniqueIndex('api_tokens_live_name_idx').on(t.name).where(sql`${t.revokedAt} is null`),
    check('api_tokens_scope_check', sql`${t.scope} in ('read', 'operate')`),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/**
 * What /api/v1 answered to a request sent with an `Idempotency-Key`, per token, written in the
 * same transaction as the change it answers: a retry (after a timeout, a crash, or while the
 * first is still running) gets the stored answer instead of a second change. `request_hash` tells
 * a retry from a different request reusing the key. Kept until `expires_at` (24 hours).
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    tokenId: text('token_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').$type<Json>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('api_idempotency_keys_expires_idx').on(t.expiresAt)],
);

export type ApiIdempotencyKeyRow = typeof apiIdempotencyKeys.$inferSelect;
