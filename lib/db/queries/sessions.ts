import 'server-only';
import { and, count, desc, eq, gt, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { sessions, type SessionRow } from '../schema';
import { decodeTimeCursor, toPage, type Page } from './cursor';

export type SessionFilter = 'all' | 'failed' | 'unresolved' | 'resolved';
export const SESSION_FILTERS: readonly SessionFilter[] = ['all', 'failed', 'unresolved', 'resolved'];

export interface StatusCounts {
  unstarted: number;
  scheduled: number;
  running: number;
  finished: number;
  failed: number;
  replayed: number;
  skipped: number;
  abandoned: number;
}

export interface SessionSummary {
  uid: string;
  createdAt: Date;
  /** Last activity. */
  updatedAt: Date;
  taskCount: number;
  instanceCount: number;
  /** Tasks with no instance yet or with an unresolved instance. */
  unresolvedTaskCount: number;
  /** Instances that are unstarted, scheduled, running or failed. */
  unresolvedInstanceCount: number;
  counts: StatusCounts;
}

export interface ListSessionsOptions {
  /** uid prefix. */
  search?: string;
  filter?: SessionFilter;
  cursor?: string | null;
  /** 1–200, default 50. */
  limit?: number;
}

const summaryColumns = {
  uid: sessions.uid,
  createdAt: sessions.createdAt,
  updatedAt: sessions.updatedAt,
  cursorTime: sql<string>`${sessions.updatedAt}::text`.as('cursor_time'),
  taskCount: sessions.taskCount,
  instanceCount: sessions.instanceCount,
  unresolvedTaskCount: sessions.unresolvedTaskCount,
  unstartedCount: sessions.unstartedCount,
  scheduledCount: sessions.scheduledCount,
  runningCount: sessions.runningCount,
  finishedCount: sessions.finishedCount,
  failedCount: sessions.failedCount,
  replayedCount: sessions.replayedCount,
  skippedCount: sessions.skippedCount,
  abandonedCount: sessions.abandonedCount,
};

type SummaryRow = Pick<SessionRow, Exclude<keyof typeof summaryColumns, 'cursorTime'>> & { cursorTime: string };

function toSummary(row: SummaryRow): SessionSummary {
  const counts: StatusCounts = {
    unstarted: row.unstartedCount,
    scheduled: row.scheduledCount,
    running: row.runningCount,
    finished: row.finishedCount,
    failed: row.failedCount,
    replayed: row.replayedCount,
    skipped: row.skippedCount,
    abandoned: row.abandonedCount,
  };
  return {
    uid: row.uid,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    taskCount: row.taskCount,
    instanceCount: row.instanceCount,
    unresolvedTaskCount: row.unresolvedTaskCount,
    unresolvedInstanceCount: counts.unstarted + counts.scheduled + counts.running + counts.failed,
    counts,
  };
}

/** Escapes LIKE wildcards so a search for `a_b` matches only that prefix. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterCondition(filter: SessionFilter): SQL | undefined {
  switch (filter) {
    case 'failed':
      return gt(sessions.failedCount, 0);
    case 'unresolved':
      return gt(sessions.unresolvedTaskCount, 0);
    case 'resolved':
      return eq(sessions.unresolvedTaskCount, 0);
    case 'all':
      return undefined;
  }
}

/**
 * Sessions by last activity, newest first, with per-status counts: search by uid prefix, filter,
 * keyset pagination on (last activity, uid).
 */
export async function listSessions(db: Database, options: ListSessionsOptions = {}): Promise<Page<SessionSummary>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const conditions: (SQL | undefined)[] = [filterCondition(options.filter ?? 'all')];
  if (options.search) conditions.push(like(sessions.uid, likePrefix(options.search)));
  if (options.cursor) {
    const [time, uid] = decodeTimeCursor(options.cursor, 2) as [string, string];
    conditions.push(sql`(${sessions.updatedAt}, ${sessions.uid}) < (${time}::timestamptz, ${uid})`);
  }
  const rows = await db
    .select(summaryColumns)
    .from(sessions)
    .where(and(...conditions))
    .orderBy(desc(sessions.updatedAt), desc(sessions.uid))
    .limit(limit + 1);
  const page = toPage(rows as SummaryRow[], limit, (row) => [row.cursorTime, row.uid]);
  return { rows: page.rows.map(toSummary), nextCursor: page.nextCursor };
}

/** One session's summary, or null when no session has that uid. */
export async function getSessionSummary(db: Database, uid: string): Promise<SessionSummary | null> {
  const [row] = await db.select(summaryColumns).from(sessions).where(eq(sessions.uid, uid));
  return row ? toSummary(row as SummaryRow) : null;
}

export async function countSessions(db: Database, options: { uidPrefix?: string } = {}): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(sessions)
    .where(options.uidPrefix === undefined ? undefined : like(sessions.uid, likePrefix(options.uidPrefix)));
  return row?.value ?? 0;
}

/** Sessions and their instances, in the whole database. */
export async function countSessionsAndInstances(db: Database): Promise<{ sessions: number; instances: number }> {
  const [row] = await db
    .select({ sessions: sql<number>`count(*)::int`, instances: sql<number>`coalesce(sum(${sessions.instanceCount}), 0)::int` })
    .from(sessions);
  return { sessions: Number(row?.sessions ?? 0), instances: Number(row?.instances ?? 0) };
}

/** Deletes these sessions; their tasks, instances and triggers go with them (foreign keys cascade). */
export async function deleteSessions(db: Database, uids: readonly string[]): Promise<void> {
  if (uids.length === 0) return;
  await db.delete(sessions).where(inArray(sessions.uid, [...uids]));
}

/** Whether a session with this uid exists (firing a trigger must not create one by accident). */
export async function sessionExists(db: Database, uid: string): Promise<boolean> {
  const [row] = await db.select({ uid: sessions.uid }).from(sessions).where(eq(sessions.uid, uid));
  return row !== undefined;
}

/**
 * Whether the session's row was inserted by the running transaction (the engine inserts it on a
 * session's first write): its xmin is this transaction's id. Lets "create" refuse a session that
 * already existed, under the session's lock, with no race between check and write.
 */
export async function sessionCreatedInThisTransaction(tx: Pick<Database, 'select'>, uid: string): Promise<boolean> {
  const [row] = await tx
    .select({ mine: sql<boolean>`${sql.raw('xmin')}::text = (pg_current_xact_id()::text::bigint % 4294967296)::text` })
    .from(sessions)
    .where(eq(sessions.uid, uid));
  return row?.mine === true;
}
