import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { saveCheckpoint } from '@/lib/db/queries/journal';
import { sessionCheckpoints, sessionEvents } from '@/lib/db/schema';
import {
  CHECKPOINT_EVERY,
  SnapshotUnavailableError,
  diffJson,
  getTimeline,
  journalJsonLines,
  pruneJournals,
  snapshotAt,
  type TimelineEvent,
  type TimelineFilter,
} from '@/lib/journal';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { replayJournal, serializeJournalState, type DebugRepr } from '@/lib/triggers';
import { failedGreeting, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let engine: EngineRuntime;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() });
});
afterAll(() => testDb?.close());

const EMPTY_REPR = { tasks: {}, instances: {}, metas: { latestKwargs: {} } };

/** The journal's last seq, as the sessions row counts it. */
async function lastSeqOf(uid: string): Promise<number> {
  const timeline = await getTimeline(testDb.db, uid, {}, { limit: 1 });
  if (!timeline) throw new Error(`no session ${uid}`);
  return timeline.lastSeq;
}

/**
 * A session with a bit of everything (configuration, firings, a failure, metadata, a replay with
 * replacement kwargs, a logs-resolved mark, a later reconfiguration). After each operation, the
 * store's debugRepr() is kept with the journal's last seq at that moment.
 */
async function journalledSession(uid: string): Promise<Map<number, DebugRepr>> {
  const manager = engine.managerFor(uid);
  const states = new Map<number, DebugRepr>();
  // A run may start between two reads (runs are not awaited by the operation that schedules them):
  // keep a state only when no event was written while it was read, so it is the state after `seq`.
  const capture = async () => {
    for (;;) {
      const seq = await lastSeqOf(uid);
      const repr = await manager.store.debugRepr();
      if ((await lastSeqOf(uid)) === seq) return states.set(seq, repr);
    }
  };
  const steps: (() => Promise<unknown>)[] = [
    () =>
      manager.updateConfiguration({
        t_greet: { after: ['formReceived'], run: 'needsName' },
        t_after: { after: ['t_greet'], run: 'echo' },
      }),
    () => manager.fire('formReceived', { nmae: 'typo' }),
    () => engine.inline.drain(),
    () => manager.updateInstanceMetadata('t_greet#0', { ticket: 'SUP-1' }),
    () => manager.replayFailedInstance('t_greet#0', { formReceived: { name: 'Ada' } }),
    () => engine.inline.drain(),
    () => manager.markInstanceLogsResolved('t_greet#0'),
    () => manager.updateConfiguration({ t_late: { after: ['pageReceived'], run: 'echo' } }),
    () => manager.fire('pageReceived', { page: 1 }),
    () => engine.inline.drain(),
  ];
  for (const step of steps) {
    await step();
    await capture();
  }
  return states;
}

/** Every page of a timeline, following nextCursor; fails on a loop. */
async function allPages(uid: string, filter: TimelineFilter, order: 'asc' | 'desc', limit: number): Promise<{ pages: number; events: TimelineEvent[] }> {
  const events: TimelineEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await getTimeline(testDb.db, uid, filter, { order, cursor, limit });
    if (!page) throw new Error(`no session ${uid}`);
    expect(page.events.length).toBeLessThanOrEqual(limit);
    events.push(...page.events);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1_000) throw new Error('the cursor does not move forward');
  } while (cursor);
  return { pages, events };
}

describe('journal view: timeline', () => {
  const uid = 'journal-view:timeline';
  let lastSeq = 0;

  beforeAll(async () => {
    await journalledSession(uid);
    lastSeq = await lastSeqOf(uid);
  });

  it('lists every event, newest or oldest first, with its words but not the state it wrote', async () => {
    expect(lastSeq).toBeGreaterThan(10);
    const asc = await getTimeline(testDb.db, uid, {}, { order: 'asc', limit: 500 });
    expect(asc).toMatchObject({ total: lastSeq, totalCapped: false, lastSeq, prunedBefore: null, nextCursor: null });
    expect(asc!.events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    const desc = await getTimeline(testDb.db, uid, {}, { order: 'desc', limit: 500 });
    expect(desc!.events.map((e) => e.seq)).toEqual(asc!.events.map((e) => e.seq).reverse());
    const [first] = asc!.events;
    expect(first).toMatchObject({ seq: 1, kind: 'configuration-updated', actor: 'system', task: null, instance: null });
    expect(first!.at).toBeInstanceOf(Date);
    expect(first!.data).toMatchObject({ added: [{ name: 't_greet' }, { name: 't_after' }], changed: [], unchanged: 0 });
    expect(first).not.toHaveProperty('changes');
    const replayed = asc!.events.find((e) => e.kind === 'instance-replayed');
    expect(replayed).toMatchObject({ instance: 't_greet#0', task: 't_greet', data: { by: 'replay', clone: 't_greet#1', replacementKwargs: { formReceived: { name: 'Ada' } } } });
  });

  it('pages both ways with no event skipped or repeated, for every page size', async () => {
    const expected = Array.from({ length: lastSeq }, (_, i) => i + 1);
    for (const limit of [1, 2, 3, 5, lastSeq - 1, lastSeq, lastSeq + 1]) {
      const asc = await allPages(uid, {}, 'asc', limit);
      expect(asc.events.map((e) => e.seq), `asc, ${limit} per page`).toEqual(expected);
      expect(asc.pages).toBe(Math.max(1, Math.ceil(lastSeq / limit)));
      const desc = await allPages(uid, {}, 'desc', limit);
      expect(desc.events.map((e) => e.seq), `desc, ${limit} per page`).toEqual([...expected].reverse());
    }
  });

  it('filters by kind, task and instance (and pages within a filter), counting what matches', async () => {
    const all = (await getTimeline(testDb.db, uid, {}, { order: 'asc', limit: 500 }))!.events;
    const cases: [TimelineFilter, (e: TimelineEvent) => boolean][] = [
      [{ kinds: ['trigger-fired'] }, (e) => e.kind === 'trigger-fired'],
      [{ kinds: ['instance-status-changed', 'instance-replayed'] }, (e) => e.kind === 'instance-status-changed' || e.kind === 'instance-replayed'],
      [{ task: 't_greet' }, (e) => e.task === 't_greet'],
      [{ instance: 't_greet#0' }, (e) => e.instance === 't_greet#0'],
      [{ task: 't_greet', kinds: ['instance-status-changed'] }, (e) => e.task === 't_greet' && e.kind === 'instance-status-changed'],
      [{ instance: 'no-such#0' }, () => false],
    ];
    for (const [filter, matches] of cases) {
      const expected = all.filter(matches).map((e) => e.seq);
      const page = await getTimeline(testDb.db, uid, filter, { order: 'asc', limit: 500 });
      expect(page!.total, JSON.stringify(filter)).toBe(expected.length);
      expect(page!.events.map((e) => e.seq), JSON.stringify(filter)).toEqual(expected);
      const paged = await allPages(uid, filter, 'desc', 2);
      expect(paged.events.map((e) => e.seq), `${JSON.stringify(filter)}, paged`).toEqual([...expected].reverse());
    }
    expect(all.filter((e) => e.kind === 'trigger-fired').map((e) => e.data.trigger)).toEqual(['formReceived', 't_greet', 't_after', 'pageReceived', 't_late']);
    expect(all.filter((e) => e.instance === 't_greet#0').map((e) => e.kind)).toEqual([
      'instance-status-changed',
      'instance-status-changed',
      'metadata-updated',
      'instance-replayed',
      'logs-resolved',
    ]);
  });

  it('refuses a cursor it did not make, and knows no session it does not have', async () => {
    await expect(getTimeline(testDb.db, uid, {}, { cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(getTimeline(testDb.db, uid, {}, { cursor: '-1' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(await getTimeline(testDb.db, 'journal-view:nobody', {}, {})).toBeNull();
  });
});

describe('journal view: the session at any event', () => {
  const uid = 'journal-view:snapshot';
  let states: Map<number, DebugRepr>;
  let lastSeq = 0;

  beforeAll(async () => {
    states = await journalledSession(uid);
    lastSeq = await lastSeqOf(uid);
  });

  it('rebuilds exactly what the store showed after each operation', async () => {
    expect(states.size).toBeGreaterThan(5);
    for (const [seq, repr] of states) {
      const snapshot = await snapshotAt(testDb.db, uid, seq);
      expect(snapshot?.repr, `after event ${seq}`).toEqual(repr);
      expect(snapshot).toMatchObject({ seq, fromCheckpoint: null, replayed: seq });
    }
    expect((await snapshotAt(testDb.db, uid, lastSeq))?.repr).toEqual(await engine.managerFor(uid).store.debugRepr());
  });

  it('gives when the event happened, and the empty session before event 1', async () => {
    const timeline = await getTimeline(testDb.db, uid, {}, { order: 'asc', limit: 3 });
    const third = timeline!.events[2]!;
    expect((await snapshotAt(testDb.db, uid, 3))?.at).toBe(third.at.toISOString());
    const zero = await snapshotAt(testDb.db, uid, 0);
    expect(zero).toEqual({ seq: 0, at: null, repr: EMPTY_REPR, fromCheckpoint: null, replayed: 0 });
  });

  it('says clearly when the event does not exist', async () => {
    for (const seq of [-1, lastSeq + 1, 1.5, Number.NaN]) {
      await expect(snapshotAt(testDb.db, uid, seq), String(seq)).rejects.toBeInstanceOf(SnapshotUnavailableError);
    }
    await expect(snapshotAt(testDb.db, uid, lastSeq + 1)).rejects.toThrow(`events 1 to ${lastSeq}`);
    expect(await snapshotAt(testDb.db, 'journal-view:nobody', 1)).toBeNull();
  });

  it('starts from the nearest checkpoint and replays only the events after it', async () => {
    const events = await engine.managerFor(uid).store.events();
    const at = 6;
    await saveCheckpoint(testDb.db, uid, at, serializeJournalState(replayJournal(events.filter((e) => e.seq <= at))));
    for (const [seq, repr] of states) {
      const snapshot = await snapshotAt(testDb.db, uid, seq);
      expect(snapshot?.repr, `after event ${seq}`).toEqual(repr);
      expect(snapshot, `after event ${seq}`).toMatchObject(seq >= at ? { fromCheckpoint: at, replayed: seq - at } : { fromCheckpoint: null, replayed: seq });
    }
  });

  it('really reads the checkpoint (a marked one shows through) and the events after it', async () => {
    const other = 'journal-view:marked-checkpoint';
    await journalledSession(other);
    const events = await engine.managerFor(other).store.events();
    const state = replayJournal(events.filter((e) => e.seq <= 4));
    state.latestKwargs.fromTheCheckpoint = { marker: true };
    await saveCheckpoint(testDb.db, other, 4, serializeJournalState(state));
    const snapshot = await snapshotAt(testDb.db, other, 5);
    expect(snapshot).toMatchObject({ fromCheckpoint: 4, replayed: 1 });
    expect(snapshot?.repr.metas.latestKwargs).toMatchObject({ fromTheCheckpoint: { marker: true }, formReceived: { nmae: 'typo' } });
    expect((await snapshotAt(testDb.db, other, 3))?.repr.metas.latestKwargs).not.toHaveProperty('fromTheCheckpoint');
  });

  it(`keeps a checkpoint every ${CHECKPOINT_EVERY} events on the way, for a long journal`, async () => {
    const long = 'journal-view:long';
    await engine.managerFor(long).updateConfiguration({ t_tick: { after: ['tick'], run: 'echo' } });
    // Cheap events written straight to the table: each records the latest kwargs of `tick`.
    const count = CHECKPOINT_EVERY + 5;
    const at = new Date();
    const rows = Array.from({ length: count - 1 }, (_, i) => ({
      sessionUid: long,
      seq: i + 2,
      at,
      kind: 'state-changed',
      actor: 'test',
      changes: { latestKwargs: { tick: { n: i + 2 } } },
    }));
    for (let i = 0; i < rows.length; i += 250) await testDb.db.insert(sessionEvents).values(rows.slice(i, i + 250));
    await testDb.db.execute(sql`update sessions set event_count = ${count} where uid = ${long}`);

    const last = await snapshotAt(testDb.db, long, count);
    expect(last).toMatchObject({ fromCheckpoint: null, replayed: count });
    expect(last?.repr.metas.latestKwargs).toEqual({ tick: { n: count } });
    expect(last?.repr.tasks).toHaveProperty('t_tick');
    const checkpoints = await testDb.db.select({ seq: sessionCheckpoints.seq }).from(sessionCheckpoints).where(eq(sessionCheckpoints.sessionUid, long));
    expect(checkpoints.map((c) => c.seq)).toEqual([CHECKPOINT_EVERY]);

    const again = await snapshotAt(testDb.db, long, count - 2);
    expect(again).toMatchObject({ fromCheckpoint: CHECKPOINT_EVERY, replayed: count - 2 - CHECKPOINT_EVERY });
    expect(again?.repr.metas.latestKwargs).toEqual({ tick: { n: count - 2 } });
    const before = await snapshotAt(testDb.db, long, CHECKPOINT_EVERY - 1);
    expect(before).toMatchObject({ fromCheckpoint: null, replayed: CHECKPOINT_EVERY - 1 });
    expect(before?.repr.metas.latestKwargs).toEqual({ tick: { n: CHECKPOINT_EVERY - 1 } });
  });
});

describe('journal view: diffJson', () => {
  it('names each added, removed and changed path, in key order', () => {
    const before = { instances: { 't_a#0': { status: 'failed', metadata: { ticket: 'SUP-1', note: 'x' } } }, tasks: { t_a: { after: ['go'] } } };
    const after = { instances: { 't_a#0': { status: 'replayed', metadata: { ticket: 'SUP-1' } }, 't_a#1': { status: 'scheduled' } }, tasks: { t_a: { after: ['go', 'again'] } } };
    expect(diffJson(before, after)).toEqual({
      entries: [
        { path: 'instances["t_a#0"].metadata.note', kind: 'removed', before: 'x' },
        { path: 'instances["t_a#0"].status', kind: 'changed', before: 'failed', after: 'replayed' },
        { path: 'instances["t_a#1"]', kind: 'added', after: { status: 'scheduled' } },
        { path: 'tasks.t_a.after', kind: 'changed', before: ['go'], after: ['go', 'again'] },
      ],
      truncated: false,
    });
  });

  it('has nothing to say about equal values, compares arrays whole, and names the root', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({ entries: [], truncated: false });
    expect(diffJson({ a: [1, 2] }, { a: [2, 1] }).entries).toEqual([{ path: 'a', kind: 'changed', before: [1, 2], after: [2, 1] }]);
    expect(diffJson(1, 2).entries).toEqual([{ path: '(root)', kind: 'changed', before: 1, after: 2 }]);
    expect(diffJson({ a: { b: 1 } }, { a: null }).entries).toEqual([{ path: 'a', kind: 'changed', before: { b: 1 }, after: null }]);
  });

  it('stops at the limit and says so', () => {
    const before = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i + 1]));
    const diff = diffJson(before, after, 3);
    expect(diff.truncated).toBe(true);
    expect(diff.entries.map((e) => e.path)).toEqual(['k0', 'k1', 'k2']);
    expect(diffJson(before, after, 10).truncated).toBe(false);
  });

  it('between two snapshots: a replay shows as the status change and the new clone', async () => {
    const uid = 'journal-view:diff';
    const manager = engine.managerFor(uid);
    await failedGreeting(engine, uid);
    const beforeSeq = await lastSeqOf(uid);
    await manager.replayFailedInstance('t_greet#0', null);
    const afterSeq = await lastSeqOf(uid);
    const [a, b] = await Promise.all([snapshotAt(testDb.db, uid, beforeSeq), snapshotAt(testDb.db, uid, afterSeq)]);
    const diff = diffJson(a!.repr, b!.repr);
    expect(diff.entries).toContainEqual(expect.objectContaining({ path: 'instances["t_greet#0"].status', kind: 'changed', before: 'failed', after: 'replayed' }));
    expect(diff.entries).toContainEqual(expect.objectContaining({ path: 'instances["t_greet#1"]', kind: 'added' }));
    expect(diff.entries.some((e) => e.kind === 'removed')).toBe(false);
  });
});

describe('journal view: JSON Lines export', () => {
  it('writes one parseable line per event, oldest first, with the state each wrote', async () => {
    const uid = 'journal-view:jsonl';
    await journalledSession(uid);
    const lastSeq = await lastSeqOf(uid);
    const lines: string[] = [];
    for await (const line of journalJsonLines(testDb.db, uid)) lines.push(line);
    expect(lines).toHaveLength(lastSeq);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((p) => p.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(parsed.every((p) => p.session === uid && typeof p.at === 'string' && typeof p.kind === 'string' && typeof p.changes === 'object')).toBe(true);
    // What the export says rebuilds the session, like the journal itself.
    const rebuilt = replayJournal(parsed.map((p) => ({ changes: p.changes as never })));
    expect(serializeJournalState(rebuilt).instances.map((i) => i.name).sort()).toEqual(Object.keys(await engine.managerFor(uid).store.instances()).sort());
    const none: string[] = [];
    for await (const line of journalJsonLines(testDb.db, 'journal-view:nobody')) none.push(line);
    expect(none).toEqual([]);
  });
});

describe('journal view: retention', () => {
  const DAY = 86_400_000;
  const now = new Date();
  const age = (uid: string, days: number) =>
    testDb.db.execute(sql`update sessions set updated_at = ${new Date(now.getTime() - days * DAY).toISOString()}::timestamptz where uid = ${uid}`);
  /**
   * pruneJournals, failing fast instead of hanging the file: on PGlite (one connection) a read
   * outside its transaction would wait for that transaction forever.
   */
  const prune = (options: { days: number; now: Date }) =>
    Promise.race([
      pruneJournals(testDb.db, options),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('pruneJournals did not finish within 10 s (a deadlock?)')), 10_000).unref()),
    ]);
  const eventsOf = async (uid: string) => (await testDb.db.select({ seq: sessionEvents.seq }).from(sessionEvents).where(eq(sessionEvents.sessionUid, uid))).length;

  /** A session whose every task has a finished instance (nothing unresolved). */
  async function resolvedSession(uid: string): Promise<void> {
    const manager = engine.managerFor(uid);
    await manager.updateConfiguration({ t_greet: { after: ['formReceived'], run: 'needsName' }, t_after: { after: ['t_greet'], run: 'echo' } });
    await manager.fire('formReceived', { name: 'Ada' });
    await engine.inline.drain();
    await manager.updateInstanceMetadata('t_greet#0', { ticket: 'SUP-2' });
  }

  it('prunes a resolved, old session to a final checkpoint, and leaves the others alone', async () => {
    const old = 'journal-view:prune-old';
    const recent = 'journal-view:prune-recent';
    const unresolved = 'journal-view:prune-unresolved';
    await resolvedSession(old);
    await resolvedSession(recent);
    await failedGreeting(engine, unresolved);
    const current = await engine.managerFor(old).store.debugRepr();
    const lastSeq = await lastSeqOf(old);
    const counts = { recent: await eventsOf(recent), unresolved: await eventsOf(unresolved) };
    expect(counts.recent).toBeGreaterThan(0);
    await age(old, 40);
    await age(recent, 5);
    await age(unresolved, 40);

    const result = await prune({ days: 30, now });
    expect(result.sessions).toContain(old);
    expect(result.sessions).not.toContain(recent);
    expect(result.sessions).not.toContain(unresolved);
    expect(await eventsOf(old)).toBe(0);
    expect(result.events).toBeGreaterThanOrEqual(lastSeq);
    expect(await eventsOf(recent)).toBe(counts.recent);
    expect(await eventsOf(unresolved)).toBe(counts.unresolved);

    // The timeline is empty and says what was pruned; the last state is still there.
    const timeline = await getTimeline(testDb.db, old, {}, {});
    expect(timeline).toMatchObject({ events: [], total: 0, lastSeq, prunedBefore: lastSeq + 1 });
    const checkpoints = await testDb.db.select({ seq: sessionCheckpoints.seq }).from(sessionCheckpoints).where(eq(sessionCheckpoints.sessionUid, old));
    expect(checkpoints.map((c) => c.seq)).toEqual([lastSeq]);
    const final = await snapshotAt(testDb.db, old, lastSeq);
    expect(final).toMatchObject({ fromCheckpoint: lastSeq, replayed: 0 });
    expect(final?.repr).toEqual(current);
    for (const seq of [1, lastSeq - 1]) {
      await expect(snapshotAt(testDb.db, old, seq)).rejects.toBeInstanceOf(SnapshotUnavailableError);
    }
    const lines: string[] = [];
    for await (const line of journalJsonLines(testDb.db, old)) lines.push(line);
    expect(lines).toEqual([]);

    // A second run finds nothing more to do.
    expect((await prune({ days: 30, now })).sessions).not.toContain(old);
    expect((await getTimeline(testDb.db, recent, {}, {}))?.prunedBefore).toBeNull();
  });

  it('a pruned session goes on: new events continue the numbering and rebuild from the checkpoint', async () => {
    const uid = 'journal-view:prune-continue';
    await resolvedSession(uid);
    const lastSeq = await lastSeqOf(uid);
    await age(uid, 40);
    expect((await prune({ days: 30, now })).sessions).toContain(uid);
    const manager = engine.managerFor(uid);
    await manager.updateInstanceMetadata('t_after#0', { note: 'after the pruning' });
    const timeline = await getTimeline(testDb.db, uid, {}, { order: 'asc' });
    expect(timeline?.events.map((e) => e.seq)).toEqual([lastSeq + 1]);
    expect(timeline).toMatchObject({ total: 1, lastSeq: lastSeq + 1, prunedBefore: lastSeq + 1 });
    const snapshot = await snapshotAt(testDb.db, uid, lastSeq + 1);
    expect(snapshot).toMatchObject({ fromCheckpoint: lastSeq, replayed: 1 });
    expect(snapshot?.repr).toEqual(await manager.store.debugRepr());
    await expect(snapshotAt(testDb.db, uid, lastSeq - 1)).rejects.toBeInstanceOf(SnapshotUnavailableError);
  });
});
