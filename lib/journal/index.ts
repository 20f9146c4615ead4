/**
 * Reading a session's journal: the timeline, the session as it was right after any event (rebuilt
 * from the nearest checkpoint), a readable diff between two points, the JSON Lines export, and
 * the retention that prunes old journals down to a final checkpoint.
 */
import 'server-only';
import { hideDebugReprPayloads, hidePayloadKeys, type ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppDatabase } from '@/lib/db/app-database';
import type { Database } from '@/lib/db/client';
import {
  allEvents,
  countPrunableJournals,
  countTimeline,
  eventChanges,
  getEvent,
  journalBounds,
  listPrunableJournals,
  listTimeline,
  nearestCheckpoint,
  pruneJournalTo,
  saveCheckpoint,
  type TimelineEvent,
  type TimelineFilter,
} from '@/lib/db/queries/journal';
import {
  applyEvents,
  deserializeJournalState,
  emptyJournalState,
  journalDebugRepr,
  serializeJournalState,
  type DebugRepr,
  type EventChanges,
  type JournalState,
} from '@/lib/triggers';

export type { TimelineEvent, TimelineFilter };

/** A checkpoint is kept every this many events, as snapshots are rebuilt. */
export const CHECKPOINT_EVERY = 1_000;

export interface Timeline {
  events: TimelineEvent[];
  nextCursor: string | null;
  /** Matching events (capped at 100,000). */
  total: number;
  totalCapped: boolean;
  lastSeq: number;
  /** Events before this seq were pruned by retention (null when nothing was). */
  prunedBefore: number | null;
}

export async function getTimeline(
  db: Database,
  uid: string,
  filter: TimelineFilter = {},
  options: { order?: 'asc' | 'desc'; cursor?: string | null; limit?: number } = {},
): Promise<Timeline | null> {
  const bounds = await journalBounds(db, uid);
  if (!bounds) return null;
  const [page, count] = await Promise.all([listTimeline(db, uid, filter, options), countTimeline(db, uid, filter)]);
  const prunedBefore = bounds.lastSeq > 0 && (bounds.firstSeq === null || bounds.firstSeq > 1) ? (bounds.firstSeq ?? bounds.lastSeq + 1) : null;
  return { ...page, total: count.count, totalCapped: count.capped, lastSeq: bounds.lastSeq, prunedBefore };
}

/** How many events the session's journal has recorded, pruned ones included (0: no such session). */
export async function journalLength(db: Database, uid: string): Promise<number> {
  return (await journalBounds(db, uid))?.lastSeq ?? 0;
}

export interface SnapshotAt {
  seq: number;
  /** When that event happened (null for seq 0, before anything). */
  at: string | null;
  repr: DebugRepr;
  /** The checkpoint it started from, and how many events were replayed on top. */
  fromCheckpoint: number | null;
  replayed: number;
}

export class SnapshotUnavailableError extends Error {
  override readonly name = 'SnapshotUnavailableError';
}

/**
 * The session right after event `seq` (0: before anything happened): the nearest checkpoint at
 * or before it, with the events after it replayed. Keeps a checkpoint every CHECKPOINT_EVERY
 * events on the way, so the next snapshot of a long session replays at most that many.
 */
export async function snapshotAt(db: Database, uid: string, seq: number): Promise<SnapshotAt | null> {
  const bounds = await journalBounds(db, uid);
  if (!bounds) return null;
  if (!Number.isInteger(seq) || seq < 0 || seq > bounds.lastSeq) {
    throw new SnapshotUnavailableError(`Event ${seq} does not exist: this session's journal has events 1 to ${bounds.lastSeq}.`);
  }
  // Sessions older than the journal start from a checkpoint at event 0 (migration 0006).
  const checkpoint = await nearestCheckpoint(db, uid, seq);
  const prunedUpTo = bounds.firstSeq === null ? bounds.lastSeq : bounds.firstSeq - 1;
  if (!checkpoint && seq > 0 && prunedUpTo > 0) {
    throw new SnapshotUnavailableError(
      `Events 1 to ${prunedUpTo} were pruned by retention: the session can be shown only as it was at event ${prunedUpTo} or later.`,
    );
  }
  if (checkpoint && checkpoint.seq < prunedUpTo && seq < prunedUpTo) {
    throw new SnapshotUnavailableError(`Events up to ${prunedUpTo} were pruned: pick event ${prunedUpTo} or later.`);
  }
  const { state, replayed } = await rebuild(db, uid, seq, checkpoint, { keepCheckpoints: true });
  const event = seq > 0 ? await getEvent(db, uid, seq) : null;
  return { seq, at: event?.at.toISOString() ?? null, repr: journalDebugRepr(state), fromCheckpoint: checkpoint?.seq ?? null, replayed };
}

export interface DiffEntry {
  /** e.g. `instances["t_importSubject#0"].status` */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const pathOf = (parent: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}${parent ? '.' : ''}${key}` : `${parent}[${JSON.stringify(key)}]`);

/**
 * What changed between two JSON values, key by key (arrays are compared whole): added, removed
 * and changed paths, in key order, at most `limit` entries.
 */
export function diffJson(before: unknown, after: unknown, limit = 1_000): { entries: DiffEntry[]; truncated: boolean } {
  const entries: DiffEntry[] = [];
  let truncated = false;
  // Only a difference beyond the limit makes the list truncated.
  const add = (entry: DiffEntry) => {
    if (entries.length >= limit) truncated = true;
    else entries.push(entry);
  };
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        const next = pathOf(path, key);
        if (!(key in a)) add({ path: next, kind: 'added', after: b[key] });
        else if (!(key in b)) add({ path: next, kind: 'removed', before: a[key] });
        else walk(a[key], b[key], next);
        if (truncated) return;
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) add({ path: path || '(root)', kind: 'changed', before: a, after: b });
  };
  walk(before, after, '');
  return { entries, truncated };
}

/** The session's journal as JSON Lines: one event per line, oldest first, with the state it wrote. */
export async function* journalJsonLines(db: Database, uid: string): AsyncGenerator<string> {
  for await (const batch of allEvents(db, uid)) {
    for (const row of batch) {
      yield `${JSON.stringify({
        session: uid,
        seq: row.seq,
        at: row.at.toISOString(),
        kind: row.kind,
        actor: row.actor,
        task: row.task,
        instance: row.instance,
        data: row.data,
        changes: row.changes,
      })}\n`;
    }
  }
}

/**
 * Retention: for each session resolved (no unresolved task) and untouched for more than `days`
 * days, keeps one final checkpoint (the state after its last event) and deletes its events and
 * older checkpoints. Its timeline then starts after the pruned events.
 */
export async function pruneJournals(db: Database, options: { days: number; now?: Date; limit?: number }): Promise<{ sessions: string[]; events: number }> {
  const candidates = await listPrunableJournals(db, retentionCutoff(options), options.limit ?? 1_000);
  let deleted = 0;
  const pruned: string[] = [];
  for (const { uid, lastSeq } of candidates) {
    // Rebuilt before the transaction: PGlite has one connection, which the transaction holds.
    const { state: final } = await rebuild(db, uid, lastSeq, await nearestCheckpoint(db, uid, lastSeq), { keepCheckpoints: false });
    deleted += await pruneJournalTo(db, uid, lastSeq, serializeJournalState(final));
    pruned.push(uid);
  }
  return { sessions: pruned, events: deleted };
}

/** What `pruneJournals` would prune now: how many sessions, and at most how many events. */
export async function prunableJournals(db: Database, options: { days: number; now?: Date }): Promise<{ sessions: number; events: number }> {
  return countPrunableJournals(db, retentionCutoff(options));
}

/** Sessions last active before this moment are old enough to prune. */
function retentionCutoff(options: { days: number; now?: Date }): Date {
  return new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000);
}

/**
 * The state right after event `seq`: the checkpoint given (the nearest one at or before `seq`)
 * with the events after it applied. With `keepCheckpoints`, one is saved every CHECKPOINT_EVERY
 * events on the way.
 */
async function rebuild(
  db: Database,
  uid: string,
  seq: number,
  checkpoint: { seq: number; state: unknown } | null,
  options: { keepCheckpoints: boolean },
): Promise<{ state: JournalState; replayed: number }> {
  const state = checkpoint ? deserializeJournalState(checkpoint.state as Parameters<typeof deserializeJournalState>[0]) : emptyJournalState();
  let replayed = 0;
  for await (const batch of eventChanges(db, uid, checkpoint?.seq ?? 0, seq)) {
    for (const event of batch) {
      applyEvents(state, [{ changes: event.changes as EventChanges }]);
      replayed += 1;
      if (options.keepCheckpoints && event.seq % CHECKPOINT_EVERY === 0 && event.seq !== checkpoint?.seq) {
        await saveCheckpoint(db, uid, event.seq, serializeJournalState(state));
      }
    }
  }
  return { state, replayed };
}

// ---------------------------------------------------------------------------------------------
// For the dashboard's pages and route handlers (the app database), as `privacy` allows.

export async function getSessionTimeline(
  uid: string,
  privacy: ViewerPrivacy,
  filter: TimelineFilter = {},
  options: { order?: 'asc' | 'desc'; cursor?: string | null; limit?: number } = {},
): Promise<Timeline | null> {
  const timeline = await getTimeline(await getAppDatabase(), uid, filter, options);
  if (!timeline || !privacy.hidePayloads) return timeline;
  return { ...timeline, events: timeline.events.map((event) => ({ ...event, data: hidePayloadKeys(event.data, [event.instance, event.task]) })) };
}

export async function getSessionSnapshotAt(uid: string, seq: number, privacy: ViewerPrivacy): Promise<SnapshotAt | null> {
  const snapshot = await snapshotAt(await getAppDatabase(), uid, seq);
  if (!snapshot || !privacy.hidePayloads) return snapshot;
  return { ...snapshot, repr: hideDebugReprPayloads(snapshot.repr) };
}

export async function sessionJournalLines(uid: string): Promise<AsyncGenerator<string>> {
  return journalJsonLines(await getAppDatabase(), uid);
}
