/**
 * The audit trail's read side (lib/db/queries/audit.ts, lib/audit/view.ts's URL state) against
 * rows written by `insertAuditEvent`, the function the app writes them with. Each row's time is
 * then set to a known PostgreSQL timestamp (microseconds included), so the expected order is
 * computed here from those values, never from the columns under test.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvent, type Actor, type AuditEntry } from '@/lib/audit';
import { auditSearchSchema } from '@/lib/audit/url';
import { auditFilterOf } from '@/lib/audit/view';
import type { Database } from '@/lib/db';
import { countAuditEvents, listActors, listAuditEvents, type AuditFilter } from '@/lib/db/queries/audit';
import { encodeCursor, InvalidCursorError } from '@/lib/db/queries/cursor';
import { auditEvents } from '@/lib/db/schema';
import { explain, recording, type CapturedQuery, type PlanNode } from './support/query-plans';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let db: Database;

const ada: Actor = { id: 'u-ada', email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' };
const adaEarlier: Actor = { ...ada, name: 'Ada L.' };
const grace: Actor = { id: 'u-grace', email: 'grace@support.example', name: 'Grace Hopper', role: 'admin' };
// Starts with ada's whole address: picking ada from the select must not show this one.
const adaOrg: Actor = { id: null, email: 'ada@support.example.org', name: '<img src=x onerror=alert(1)>', role: 'viewer' };

interface Seeded {
  id: string;
  /** Microseconds after BASE: the test's own idea of when the row happened. */
  micros: bigint;
  actor: Actor;
  entry: AuditEntry;
  outcome: 'ok' | 'error';
}

const BASE = Date.UTC(2026, 2, 1, 12, 0, 0); // 2026-03-01 12:00:00 UTC
const SECOND = 1_000_000n;
const DAY = 86_400n * SECOND;

/** PostgreSQL text of BASE + micros, e.g. 2026-03-01 12:00:00.000001+00. */
function pgTime(micros: bigint): string {
  const ms = BigInt(BASE) + micros / 1000n;
  const date = new Date(Number(ms)).toISOString(); // whole milliseconds
  const micro = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `${date.slice(0, 10)} ${date.slice(11, 19)}.${micro.toString().padStart(6, '0')}+00`;
}

const seeded: Seeded[] = [];
let nextId = 0;
const newId = () => `a${String(nextId++).padStart(3, '0')}`;

function row(micros: bigint, actor: Actor, entry: AuditEntry, outcome: 'ok' | 'error' = 'ok'): Seeded {
  return { id: newId(), micros, actor, entry, outcome };
}

const replay = (uid: string, instance: string): AuditEntry => ({
  action: 'replay',
  sessionUid: uid,
  instanceName: instance,
  input: { mode: 'original', replacementKwargs: null, reason: 'CRM back up' },
});

async function setTime(ids: string[], micros: bigint): Promise<void> {
  await db.update(auditEvents).set({ at: sql`${pgTime(micros)}::timestamptz` }).where(inArray(auditEvents.id, ids));
}

/** The expected order: newest first, then by id, descending. */
const newestFirst = (rows: Seeded[]) =>
  [...rows].sort((a, b) => (a.micros === b.micros ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.micros < b.micros ? 1 : -1)).map((r) => r.id);

/** Every page of a listing, followed by its cursors. */
async function allPages(filter: AuditFilter, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listAuditEvents(db, filter, { cursor, limit });
    pages.push(page.rows.map((r) => r.id));
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;

  seeded.push(
    row(-2n * DAY, adaEarlier, { action: 'user-update', input: { userId: 'u-x', email: 'x@support.example', role: { from: 'viewer', to: 'operator' } } }),
    row(-DAY, grace, { action: 'user-create', input: { email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } }),
    // Three rows one microsecond apart: a cursor that went through a JS Date would lose them.
    row(1n, ada, replay('s-one', 't_a#0')),
    row(2n, ada, {
      action: 'skip',
      sessionUid: 's-one',
      instanceName: 't_b#0',
      input: { cascade: true, simulatedResult: { ok: '<script>alert(1)</script>' }, reason: 'done by hand' },
    }),
    row(3n, grace, { action: 'fire-trigger', sessionUid: 's-one', input: { trigger: 'formReceived', kwargs: {}, reason: 'resend' } }, 'error'),
    row(SECOND, grace, replay('s-two', 't_a#0')),
    row(2n * SECOND, adaOrg, { action: 'mark-logs-resolved', sessionUid: 's-two', instanceName: 't_a#0', input: {} }),
    row(DAY, ada, { action: 'bulk-start', input: { action: 'replay', reason: 'outage', instances: 3 }, bulkOperationId: 'bulk-1' }),
  );
  for (const r of seeded) {
    await insertAuditEvent(db, r.actor, r.entry, { outcome: r.outcome, error: r.outcome === 'error' ? 'TypeError: bad kwargs' : null }, r.id);
    await setTime([r.id], r.micros);
  }

  // A burst in one transaction: now() is the transaction's start, so every row has the same time.
  const burst = Array.from({ length: 11 }, (_, i) => row(3n * SECOND, i % 2 ? ada : grace, replay('s-burst', `t_c#${i}`), i % 3 ? 'ok' : 'error'));
  await db.transaction(async (tx) => {
    for (const r of burst) await insertAuditEvent(tx, r.actor, r.entry, { outcome: r.outcome }, r.id);
  });
  const [sameTime] = await db
    .select({ n: sql<number>`count(distinct ${auditEvents.at})::int` })
    .from(auditEvents)
    .where(eq(auditEvents.sessionUid, 's-burst'));
  expect(sameTime?.n).toBe(1);
  await setTime(
    burst.map((r) => r.id),
    3n * SECOND,
  );
  seeded.push(...burst);
});
afterAll(() => testDb?.close());

describe('listAuditEvents', () => {
  it('lists every row newest first, then by id, with what was written', async () => {
    const page = await listAuditEvents(db, {}, { limit: 100 });
    expect(page.nextCursor).toBeNull();
    expect(page.rows.map((r) => r.id)).toEqual(newestFirst(seeded));

    const skip = page.rows.find((r) => r.action === 'skip');
    expect(skip).toMatchObject({
      actorId: 'u-ada',
      actorEmail: 'ada@support.example',
      actorName: 'Ada Lovelace',
      sessionUid: 's-one',
      instanceName: 't_b#0',
      outcome: 'ok',
      error: null,
      input: { cascade: true, simulatedResult: { ok: '<script>alert(1)</script>' }, reason: 'done by hand' },
    });
    expect(skip?.at).toBeInstanceOf(Date);
    expect(skip?.at.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(page.rows.find((r) => r.action === 'fire-trigger')).toMatchObject({ outcome: 'error', error: 'TypeError: bad kwargs' });
    expect(page.rows.find((r) => r.action === 'bulk-start')).toMatchObject({ sessionUid: null, bulkOperationId: 'bulk-1' });
  });

  it.each<[string, AuditFilter, (r: Seeded) => boolean]>([
    ['an actor prefix, in any case', { actor: 'ADA@' }, (r) => r.actor.email.startsWith('ada@')],
    ['an actor prefix with LIKE wildcards taken literally', { actor: 'ada%' }, () => false],
    ['an exact actor', { actor: 'ada@support.example', actorMatch: 'exact' }, (r) => r.actor.email === 'ada@support.example'],
    ['an action', { action: 'replay' }, (r) => r.entry.action === 'replay'],
    ['a session', { sessionUid: 's-one' }, (r) => r.entry.sessionUid === 's-one'],
    ['a session and instance', { sessionUid: 's-two', instanceName: 't_a#0' }, (r) => r.entry.sessionUid === 's-two' && r.entry.instanceName === 't_a#0'],
    ['a session uid prefix (not matched: uids are exact)', { sessionUid: 's-' }, () => false],
    ['an outcome', { outcome: 'error' }, (r) => r.outcome === 'error'],
    ['since', { since: new Date(BASE + 1000) }, (r) => r.micros >= SECOND],
    ['until', { until: new Date(BASE) }, (r) => r.micros <= 0n],
    ['before', { before: new Date(BASE + 1) }, (r) => r.micros < 1000n],
    ['several filters together', { actor: 'grace', action: 'replay', outcome: 'error' }, (r) => r.actor === grace && r.entry.action === 'replay' && r.outcome === 'error'],
  ])('filters by %s', async (_name, filter, expected) => {
    const page = await listAuditEvents(db, filter, { limit: 100 });
    expect(page.rows.map((r) => r.id)).toEqual(newestFirst(seeded.filter(expected)));
    expect(await countAuditEvents(db, filter)).toEqual({ count: seeded.filter(expected).length, capped: false });
  });

  it('pages by keyset with no row skipped or repeated, across equal and microsecond-apart times', async () => {
    for (const [filter, limit] of [
      [{}, 1],
      [{}, 4],
      [{ sessionUid: 's-burst' }, 3],
      [{ sessionUid: 's-one' }, 1],
      [{ actor: 'ada' }, 2],
    ] as [AuditFilter, number][]) {
      const pages = await allPages(filter, limit);
      const all = (await listAuditEvents(db, filter, { limit: 500 })).rows.map((r) => r.id);
      expect(pages.flat()).toEqual(all);
      expect(new Set(pages.flat()).size).toBe(all.length);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
      expect(pages.at(-1)?.length).toBeGreaterThan(0);
    }
  });

  it('a cursor continues after its row, even one a microsecond later than the next', async () => {
    // s-one's rows are 1, 2 and 3 µs after BASE: all in the same millisecond.
    const first = await listAuditEvents(db, { sessionUid: 's-one' }, { limit: 1 });
    const second = await listAuditEvents(db, { sessionUid: 's-one' }, { limit: 1, cursor: first.nextCursor });
    const third = await listAuditEvents(db, { sessionUid: 's-one' }, { limit: 1, cursor: second.nextCursor });
    expect([first, second, third].map((p) => p.rows[0]?.action)).toEqual(['fire-trigger', 'skip', 'replay']);
    expect(third.nextCursor).toBeNull();
  });

  it.each([
    ['not base64 JSON', 'not a cursor'],
    ['the wrong number of parts', encodeCursor(['2026-03-01 12:00:00+00'])],
    ['a part that is not a timestamp', encodeCursor(['yesterday', 'a001'])],
    ['a timestamp with SQL after it', encodeCursor(["2026-03-01 12:00:00+00'; drop table audit_events; --", 'a001'])],
  ])('refuses a cursor with %s', async (_name, cursor) => {
    await expect(listAuditEvents(db, {}, { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('clamps the limit', async () => {
    expect((await listAuditEvents(db, {}, { limit: 0 })).rows).toHaveLength(1);
    expect((await listAuditEvents(db, {}, { limit: 10_000 })).rows).toHaveLength(seeded.length);
  });
});

describe('countAuditEvents', () => {
  it('counts up to the cap, then says there are more', async () => {
    expect(await countAuditEvents(db, {}, 5)).toEqual({ count: 5, capped: true });
    expect(await countAuditEvents(db, {}, seeded.length)).toEqual({ count: seeded.length, capped: false });
  });
});

describe('listActors', () => {
  it('lists each actor email once, by email, with the name of their latest row', async () => {
    expect(await listActors(db)).toEqual([
      { email: 'ada@support.example', name: 'Ada Lovelace' },
      { email: 'ada@support.example.org', name: '<img src=x onerror=alert(1)>' },
      { email: 'grace@support.example', name: 'Grace Hopper' },
    ]);
  });
});

describe('the audit page URL state', () => {
  it('keeps valid filters and drops each invalid one on its own', () => {
    expect(
      auditSearchSchema.parse({
        actor: ' ada@support.example ',
        action: 'skip',
        session: 's-one',
        instance: 't_b#0',
        outcome: 'error',
        from: '2026-03-01',
        to: '2026-03-02',
        limit: '20',
        cursor: 'abc',
      }),
    ).toEqual({
      actor: 'ada@support.example',
      action: 'skip',
      session: 's-one',
      instance: 't_b#0',
      outcome: 'error',
      from: '2026-03-01',
      to: '2026-03-02',
      limit: 20,
      cursor: 'abc',
    });
    expect(
      auditSearchSchema.parse({ actor: '', action: 'delete', session: ['a', 'b'], outcome: 'fine', from: '2026-02-30', to: 'soon', limit: '0' }),
    ).toEqual({ actor: undefined, action: undefined, session: undefined, instance: undefined, outcome: undefined, from: undefined, to: undefined, limit: undefined, cursor: undefined });
  });

  it('matches an actor from the select exactly, a typed one by prefix, and includes the whole "to" day', async () => {
    const actors = await listActors(db);
    const picked = auditFilterOf(auditSearchSchema.parse({ actor: 'ada@support.example' }), actors);
    expect(picked).toMatchObject({ actor: 'ada@support.example', actorMatch: 'exact' });
    const picks = (await listAuditEvents(db, picked, { limit: 100 })).rows;
    expect(picks.length).toBeGreaterThan(0);
    expect(picks.every((r) => r.actorEmail === 'ada@support.example')).toBe(true);
    expect(auditFilterOf(auditSearchSchema.parse({ actor: 'ada' }), actors)).toMatchObject({ actorMatch: 'prefix' });

    const days = auditFilterOf(auditSearchSchema.parse({ from: '2026-03-01', to: '2026-03-01' }));
    expect(days.since?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(days.before?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect((await listAuditEvents(db, days, { limit: 100 })).rows.map((r) => r.id)).toEqual(
      newestFirst(seeded.filter((r) => r.micros >= -12n * 3600n * SECOND && r.micros < 12n * 3600n * SECOND)),
    );
  });
});

// ------------------------------------------------------------------------------ EXPLAIN

/** The statements a query function prepares. */
async function capture(run: (db: Database) => Promise<unknown>): Promise<CapturedQuery[]> {
  const { db: wrapped, queries } = recording(db);
  await run(wrapped);
  return queries;
}

/** The plan with sequential scans, sorts and bitmap scans disabled (see tests/support/query-plans.ts). */
const orderedPlan = (query: CapturedQuery): Promise<PlanNode[]> => explain(db, query, { ordered: true });

describe('query plans', () => {
  it.each<[string, AuditFilter, string]>([
    ["a session's history", { sessionUid: 's-burst' }, 'audit_events_session_idx'],
    ['the whole log', {}, 'audit_events_at_idx'],
  ])('%s is read in order from its index, on its first and later pages', async (_name, filter, index) => {
    const first = await listAuditEvents(db, filter, { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    for (const cursor of [null, first.nextCursor]) {
      const [query] = await capture((d) => listAuditEvents(d, filter, { limit: 2, cursor }));
      const plan = await orderedPlan(query as CapturedQuery);
      const described = JSON.stringify(plan.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
      expect(plan.map((n) => n['Index Name']), described).toContain(index);
      expect(plan.map((n) => n['Node Type']), described).not.toContain('Seq Scan');
      expect(plan.map((n) => n['Node Type']), described).not.toContain('Sort');
      expect(plan.map((n) => n['Node Type']), described).not.toContain('Incremental Sort');
    }
  });
});
