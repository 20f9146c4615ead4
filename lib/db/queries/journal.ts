import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { EventKind } from '@/lib/triggers';
import { queryRows, type Database } from '../client';
import { sessionCheckpoints, sessionEvents, sessions, type SessionEventRow } from '../schema';
import { decodeIntegerCursor } from './cursor';

/** An event as the timeline lists it: without the (possibly large) state it wrote. */
export type TimelineEvent = Omit<SessionEventRow, 'changes' | 'sessionUid'>;

export interface TimelineFilter {
  kinds?: readonly EventKind[];
  task?: string;
  instance?: string;
}

export interface TimelinePage {
  events: TimelineEvent[];
  nextCursor: string | null;
}

function filterConditions(uid: string, filter: TimelineFilter): SQL[] {
  const where: SQL[] = [eq(sessionEvents.sessionUid, uid)];
  if (filter.kinds?.length) where.push(inArray(sessionEvents.kind, [...filter.kinds]));
  if (filter.task !== undefined) where.push(eq(sessionEvents.task, filter.task));
  if (filter.instance !== undefined) where.push(eq(sessionEvents.instance, filter.instance));
  return where;
}

/**
 * One page of a session's journal, newest or oldest first, keyset-paginated on seq (the cursor is
 * the last seq shown). Reads only the page's rows, whatever the journal's length.
 */
export async function listTimeline(
  db: Database,
  uid: string,
  filter: TimelineFilter = {},
  options: { order?: 'asc' | 'desc'; cursor?: string | null; limit?: number } = {},
): Promise<TimelinePage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const order = options.order ?? 'desc';
  const where = filterConditions(uid, filter);
  if (options.cursor) {
    const after = decodeIntegerCursor(options.cursor);
    where.push(order === 'desc' ? lt(sessionEvents.seq, after) : gt(sessionEvents.seq, after));
  }
  const rows = await db
    .select({
      seq: sessionEvents.seq,
      at: sessionEvents.at,
      kind: sessionEvents.kind,
      actor: sessionEvents.actor,
      task: sessionEvents.task,
      instance: sessionEvents.instance,
      data: sessionEvents.data,
    })
    .from(sessionEvents)
    .where(and(...where))
    .orderBy(order === 'desc' ? desc(sessionEvents.seq) : asc(sessionEvents.seq))
    .limit(limit + 1);
  const more = rows.length > limit;
  const events = more ? rows.slice(0, limit) : rows;
  // The cursor is the last seq shown, as plain digits (decodeIntegerCursor).
  return { events, nextCursor: more ? String(events.at(-1)!.seq) : null };
}

/** How many events match (counted up to `cap`, so a huge journal never costs a full count). */
export async function countTimeline(db: Database, uid: string, filter: TimelineFilter = {}, cap = 100_000): Promise<{ count: number; capped: boolean }> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from session_events where ${and(...filterConditions(uid, filter))} limit ${cap + 1}) as capped`,
  );
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

/** The journal's bounds: the last seq, and the first one still kept (after pruning). */
export async function journalBounds(db: Database, uid: string): Promise<{ lastSeq: number; firstSeq: number | null } | null> {
  const [session] = await db.select({ eventCount: sessions.eventCount }).from(sessions).where(eq(sessions.uid, uid));
  if (!session) return null;
  const [first] = await db
    .select({ seq: sessionEvents.seq })
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionUid, uid))
    .orderBy(asc(sessionEvents.seq))
    .limit(1);
  return { lastSeq: session.eventCount, firstSeq: first?.seq ?? null };
}

/** One event with the state it wrote. */
export async function getEvent(db: Database, uid: string, seq: number): Promise<SessionEventRow | null> {
  const [row] = await db
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionUid, uid), eq(sessionEvents.seq, seq)));
  return row ?? null;
}

/** The latest checkpoint at or before `seq`. */
export async function nearestCheckpoint(db: Database, uid: string, seq: number): Promise<{ seq: number; state: unknown } | null> {
  const [row] = await db
    .select({ seq: sessionCheckpoints.seq, state: sessionCheckpoints.state })
    .from(sessionCheckpoints)
    .where(and(eq(sessionCheckpoints.sessionUid, uid), lte(sessionCheckpoints.seq, seq)))
    .orderBy(desc(sessionCheckpoints.seq))
    .limit(1);
  return row ?? null;
}

/** The `changes` of events after `afterSeq` up to `toSeq`, oldest first, in batches. */
export async function* eventChanges(db: Database, uid: string, afterSeq: number, toSeq: number, batch = 2_000): AsyncGenerator<{ seq: number; changes: unknown }[]> {
  let from = afterSeq;
  while (from < toSeq) {
    const rows = await db
      .select({ seq: sessionEvents.seq, changes: sessionEvents.changes })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionUid, uid), gt(sessionEvents.seq, from), lte(sessionEvents.seq, toSeq)))
      .orderBy(asc(sessionEvents.seq))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    from = rows.at(-1)!.seq;
  }
}

export async function saveCheckpoint(db: Database, uid: string, seq: number, state: Record<string, unknown>): Promise<void> {
  await db.insert(sessionCheckpoints).values({ sessionUid: uid, seq, state }).onConflictDoNothing();
}

/** Every event of a session, oldest first, in batches (for the JSON Lines export). */
export async function* allEvents(db: Database, uid: string, batch = 1_000): AsyncGenerator<SessionEventRow[]> {
  let from = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionUid, uid), gt(sessionEvents.seq, from)))
      .orderBy(asc(sessionEvents.seq))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    from = rows.at(-1)!.seq;
  }
}

/** Sessions whose journal retention may prune: no unresolved task, untouched since `before`, events left. */
function prunable(before: Date): SQL {
  return sql`${sessions.updatedAt} < ${before.toISOString()}::timestamptz and ${sessions.unresolvedTaskCount} = 0
    and exists (select 1 from session_events e where e.session_uid = ${sessions.uid})`;
}

/** The sessions retention may prune (least recently active first), with their last event. */
export async function listPrunableJournals(db: Database, before: Date, limit: number): Promise<{ uid: string; lastSeq: number }[]> {
  const rows = await db
    .select({ uid: sessions.uid, lastSeq: sessions.eventCount })
    .from(sessions)
    .where(prunable(before))
    .orderBy(asc(sessions.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ uid: row.uid, lastSeq: Number(row.lastSeq) }));
}

/** How many sessions retention may prune, and at most how many events that deletes. */
export async function countPrunableJournals(db: Database, before: Date): Promise<{ sessions: number; events: number }> {
  const [row] = await db
    .select({ sessions: sql<number>`count(*)::int`, events: sql<number>`coalesce(sum(${sessions.eventCount}), 0)::int` })
    .from(sessions)
    .where(prunable(before));
  return { sessions: Number(row?.sessions ?? 0), events: Number(row?.events ?? 0) };
}

/**
 * In one transaction: keeps `state` as the session's checkpoint at `lastSeq`, then deletes the
 * older checkpoints and the events up to `lastSeq`. Returns how many events were deleted.
 */
export async function pruneJournalTo(db: Database, uid: string, lastSeq: number, state: Record<string, unknown>): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(sessionCheckpoints).values({ sessionUid: uid, seq: lastSeq, state }).onConflictDoNothing();
    await tx.delete(sessionCheckpoints).where(and(eq(sessionCheckpoints.sessionUid, uid), lt(sessionCheckpoints.seq, lastSeq)));
    const gone = await tx
      .delete(sessionEvents)
      .where(and(eq(sessionEvents.sessionUid, uid), lte(sessionEvents.seq, lastSeq)))
      .returning({ seq: sessionEvents.seq });
    return gone.length;
  });
}
