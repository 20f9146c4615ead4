/**
 * Integration tests of the dashboard's query layer (lib/db/queries/*) against data written by
 * the trigger engine itself (TriggerManager + PostgresStore + InlineRunner): see
 * tests/support/seed-sessions.ts for the ~40 seeded sessions.
 *
 * Expected values are computed independently from what the engine's store reports
 * (instances(), unresolvedTasks(), latestKwargs()), never from the columns under test.
 *
 * Runs on PGlite by default; TEST_DB=postgres TEST_DATABASE_URL=… runs it on a real server.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore, queryRows, type Database } from '@/lib/db';
import { sessions, sessionTasks, taskInstances } from '@/lib/db/schema';
import { encodeCursor, InvalidCursorError, type Page } from '@/lib/db/queries/cursor';
import {
  groupFailedInstances,
  listFailedInstances,
  type FailedFilter,
  type FailedInstanceRow,
  type FailureGroup,
} from '@/lib/db/queries/failed';
import {
  getInstanceDetail,
  isTaskName,
  listFiredTriggers,
  listSessionTasks,
  listTaskInstances,
  listUnresolvedInstances,
  type InstanceSummary,
} from '@/lib/db/queries/instances';
import {
  countSessions,
  getSessionSummary,
  listSessions,
  SESSION_FILTERS,
  type SessionFilter,
  type SessionSummary,
  type StatusCounts,
} from '@/lib/db/queries/sessions';
import {
  INSTANCE_STATUSES,
  InlineRunner,
  isResolved,
  TriggerManager,
  type TaskConfig,
  type TaskInstance,
  type TriggerKwargs,
} from '@/lib/triggers';
import {
  CHAIN,
  CHAIN_ORDER,
  CLOCK_T0,
  CLOCK_T1,
  GATE,
  PAGE_COUNT,
  seedRegistry,
  seedSessions,
  type ReplayChain,
  type SeededWorld,
} from './support/seed-sessions';
import { explain, recording, type CapturedQuery, type PlanNode } from './support/query-plans';
import { listSessionInstances } from '@/lib/db/queries/instance-pages';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

// ------------------------------------------------------------------------------ fixtures

interface Snapshot {
  uid: string;
  /** store.tasks(), in configuration order. */
  tasks: TaskConfig[];
  /** store.instances(). */
  instances: TaskInstance[];
  unresolvedTasks: TaskConfig[];
  unresolvedInstances: TaskInstance[];
  latestKwargs: TriggerKwargs;
  summary: SessionSummary;
}

let testDb: TestDatabase;
let db: Database;
let world: SeededWorld;
const snapshots = new Map<string, Snapshot>();

async function snapshotOf(uid: string): Promise<Snapshot> {
  const store = new PostgresStore(db, uid);
  const summary = await getSessionSummary(db, uid);
  if (!summary) throw new Error(`no summary for seeded session ${uid}`);
  return {
    uid,
    tasks: Object.values(await store.tasks()),
    instances: Object.values(await store.instances()),
    unresolvedTasks: await store.unresolvedTasks(),
    unresolvedInstances: await store.unresolvedInstances(),
    latestKwargs: await store.latestKwargs(),
    summary,
  };
}

function snap(uid: string): Snapshot {
  const found = snapshots.get(uid);
  if (!found) throw new Error(`unknown seeded session ${uid}`);
  return found;
}

const allSnapshots = (): Snapshot[] => [...snapshots.values()];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  world = await seedSessions(db);
  for (const uid of world.uids) snapshots.set(uid, await snapshotOf(uid));
}, 240_000);

afterAll(async () => {
  await testDb?.close();
});

// ------------------------------------------------------------------------------ helpers

/** Plain code-point order (the test databases use C collation; tied keys are plain ASCII). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function tally(instances: readonly TaskInstance[]): StatusCounts {
  const counts = Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as unknown as StatusCounts;
  for (const instance of instances) counts[instance.status] += 1;
  return counts;
}

/** Tasks with no instance, or with an unresolved instance, computed from the instances alone. */
function openTasks(s: Pick<Snapshot, 'tasks' | 'instances'>): string[] {
  return s.tasks
    .filter((task) => {
      const mine = s.instances.filter((i) => i.task === task.name);
      return mine.length === 0 || mine.some((i) => !isResolved(i));
    })
    .map((task) => task.name);
}

function matchesFilter(s: Snapshot, filter: SessionFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'failed':
      return s.instances.some((i) => i.status === 'failed');
    case 'unresolved':
      return openTasks(s).length > 0;
    case 'resolved':
      return openTasks(s).length === 0;
  }
}

/** Sessions by last activity (as getSessionSummary reports it), newest first, then uid desc. */
function expectedSessions(filter: SessionFilter, search?: string): string[] {
  return allSnapshots()
    .filter((s) => matchesFilter(s, filter) && (search === undefined || s.uid.startsWith(search)))
    .sort((a, b) => b.summary.updatedAt.getTime() - a.summary.updatedAt.getTime() || cmp(b.uid, a.uid))
    .map((s) => s.uid);
}

function stamp(instance: TaskInstance, key: string): string {
  const value = instance.metadata.timestamps?.[key];
  if (typeof value !== 'string') throw new Error(`${instance.name} has no ${key} timestamp`);
  return value;
}

const seqOf = (name: string): number => Number(name.slice(name.lastIndexOf('#') + 1));

function expectedFailedRows(filter: FailedFilter = {}): FailedInstanceRow[] {
  const rows: FailedInstanceRow[] = [];
  for (const s of allSnapshots()) {
    for (const i of s.instances) {
      if (i.status !== 'failed') continue;
      rows.push({
        sessionUid: s.uid,
        name: i.name,
        task: i.task,
        exceptionType: typeof i.metadata.exceptionType === 'string' ? i.metadata.exceptionType : null,
        exceptionMessage: typeof i.metadata.exceptionMessage === 'string' ? i.metadata.exceptionMessage : null,
        depth: i.metadata.depth ?? 0,
        parent: i.metadata.parent ?? null,
        createdAt: new Date(stamp(i, 'created')),
        failedAt: new Date(stamp(i, 'failed')),
      });
    }
  }
  return rows
    .filter(
      (r) =>
        (filter.task === undefined || r.task === filter.task) &&
        (filter.exceptionType === undefined || r.exceptionType === filter.exceptionType) &&
        (filter.session === undefined || r.sessionUid.startsWith(filter.session)) &&
        (filter.since === undefined || r.failedAt.getTime() >= filter.since.getTime()) &&
        (filter.until === undefined || r.failedAt.getTime() <= filter.until.getTime()),
    )
    .sort(
      (a, b) =>
        b.failedAt.getTime() - a.failedAt.getTime() || cmp(b.sessionUid, a.sessionUid) || cmp(b.name, a.name),
    );
}

const failedKey = (r: Pick<FailedInstanceRow, 'sessionUid' | 'name'>): string => `${r.sessionUid} ${r.name}`;

/** Follows nextCursor to the end; checks the shape of every page on the way. */
async function walk<T>(
  fetch: (cursor: string | null) => Promise<Page<T>>,
  limit: number,
): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const page: Page<T> = await fetch(cursor);
    pages += 1;
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    if (page.nextCursor === null) break;
    // Only the last page may be short (or empty); every other page is full.
    expect(page.rows.length).toBe(limit);
    expect(pages).toBeLessThan(1_000);
    cursor = page.nextCursor;
  }
  return { rows, pages };
}

function summaryNames(rows: readonly InstanceSummary[]): string[] {
  return rows.map((r) => r.name);
}

/** The InstanceSummary the query layer should give for an engine instance. */
function expectedSummary(i: TaskInstance): InstanceSummary {
  return {
    name: i.name,
    task: i.task,
    seq: seqOf(i.name),
    status: i.status,
    exceptionType: typeof i.metadata.exceptionType === 'string' ? i.metadata.exceptionType : null,
    parent: i.metadata.parent ?? null,
    depth: i.metadata.depth ?? 0,
    createdAt: new Date(stamp(i, 'created')),
    updatedAt: new Date(stamp(i, 'lastModified')),
    timestamps: i.metadata.timestamps as Record<string, string>,
  };
}

function instancesOfTask(s: Snapshot, task: string): TaskInstance[] {
  return s.instances.filter((i) => i.task === task).sort((a, b) => seqOf(a.name) - seqOf(b.name));
}

/** What a promise rejects with (or a marker string when it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved without error',
    (error: unknown) => error,
  );
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message.split('\n')[0]?.slice(0, 60)}…${cause}`;
}

// ------------------------------------------------------------------------------ EXPLAIN support

async function capture(run: (db: Database) => Promise<unknown>): Promise<CapturedQuery[]> {
  const { db: wrapped, queries } = recording(db);
  await run(wrapped);
  expect(queries.length).toBeGreaterThan(0);
  return queries;
}

const explainPlan = (query: CapturedQuery, options: { ordered?: boolean } = {}) => explain(db, query, options);

/** Index names declared in lib/db/schema/, by table. */
const SCHEMA_INDEXES = {
  sessions: getTableConfig(sessions).indexes.map((i) => i.config.name),
  task_instances: getTableConfig(taskInstances).indexes.map((i) => i.config.name),
};

type Table = keyof typeof SCHEMA_INDEXES;

/** Every index the database really has on `table` (schema indexes and the primary key). */
async function databaseIndexes(table: Table): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select indexname as name from pg_indexes where schemaname = 'public' and tablename = ${table}`,
  );
  return rows.map((r) => r.name);
}

const nodeTypes = (plan: PlanNode[]): string[] => plan.map((n) => n['Node Type']);

function indexesUsed(plan: PlanNode[]): string[] {
  return plan.map((n) => n['Index Name']).filter((n): n is string => typeof n === 'string');
}

/**
 * EXPLAINs `query` with seqscan off and checks that `table` is read only through its indexes,
 * at least one of them in `accepted` (names declared in lib/db/schema/). With `orderedBy`,
 * EXPLAINs it again with sorts and bitmap scans off too: the plan must then read that index and
 * need no Sort, i.e. the index delivers the ORDER BY by itself (keyset pages stop early).
 */
async function expectIndexPlan(
  query: CapturedQuery,
  table: Table,
  accepted: string[],
  options: { orderedBy?: string } = {},
): Promise<void> {
  const onTable = await databaseIndexes(table);
  for (const name of [...accepted, ...(options.orderedBy ? [options.orderedBy] : [])]) {
    expect(SCHEMA_INDEXES[table]).toContain(name);
    expect(onTable).toContain(name);
  }

  const plan = await explainPlan(query);
  const described = JSON.stringify(plan.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
  if (process.env.SHOW_PLANS) console.log(described);
  const scans = plan.filter((n) => n['Relation Name'] === table);
  expect(scans.length, described).toBeGreaterThan(0);
  expect(nodeTypes(scans), described).not.toContain('Seq Scan');
  const used = indexesUsed(plan).filter((name) => onTable.includes(name));
  expect(used.some((name) => accepted.includes(name)), described).toBe(true);

  if (options.orderedBy) {
    const ordered = await explainPlan(query, { ordered: true });
    const orderedDescribed = JSON.stringify(ordered.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
    if (process.env.SHOW_PLANS) console.log('ordered', orderedDescribed);
    expect(indexesUsed(ordered), orderedDescribed).toContain(options.orderedBy);
    expect(nodeTypes(ordered), orderedDescribed).not.toContain('Seq Scan');
    expect(nodeTypes(ordered), orderedDescribed).not.toContain('Sort');
    expect(nodeTypes(ordered), orderedDescribed).not.toContain('Incremental Sort');
  }
}

// ==============================================================================================

describe(`dashboard queries (${testDatabaseKind()})`, () => {
  describe('seeded data', () => {
    it('contains every seeded session, in the states the scenarios meant', () => {
      expect(world.uids.length).toBeGreaterThanOrEqual(30);
      const status = (uid: string, name: string) => snap(uid).instances.find((i) => i.name === name)?.status;
      expect(status('qa-ok-01', 't_mid_notify#0')).toBe('finished');
      expect(status('qa-fail-type', 't_zeta_import#0')).toBe('failed');
      expect(status(world.chainFailed.uid, 't_zeta_import#2')).toBe('failed');
      expect(status(world.chainRecovered.uid, 't_alpha_process#2')).toBe('finished');
      expect(status(world.chainRecovered.uid, 't_mid_notify#0')).toBe('finished');
      expect(status(world.chainRetried.uid, 't_flaky#2')).toBe('finished');
      expect(status('qa-skip-plain', 't_zeta_import#0')).toBe('skipped');
      expect(status('qa-skip-cascade', 't_mid_notify#0')).toBe('finished');
      expect(status('qa-skip-cascade-fail', 't_alpha_process#0')).toBe('failed');
      expect(status('qa-abandoned', 't_gate#0')).toBe('abandoned');
      expect(status('qa-abandoned-at-once', 't_gate#0')).toBe('abandoned');
      expect(status('qa-waiting', 't_gate#0')).toBe('unstarted');
      expect(status('qa-manual-status', 't_mid_notify#0')).toBe('failed');
      expect(snap('qa-never').unresolvedTasks.map((t) => t.name)).toEqual(['t_never']);
      expect(snap('qa-config-only').instances).toEqual([]);
      expect(snap('qa-empty-fired').tasks).toEqual([]);
      expect(status('qa-retry-exhausted', 't_stubborn#0')).toBe('replayed');
      expect(status('qa-retry-exhausted', 't_stubborn#1')).toBe('failed');
      expect(status('qa-fork-ok', 't_join#0')).toBe('finished');
      expect(status('qa-self-skip', 't_skipper#0')).toBe('skipped');
      expect(status('ops-manual-failed', 't_alpha_process#0')).toBe('failed');
      expect(instancesOfTask(snap(world.pagesUid), world.pageTask)).toHaveLength(PAGE_COUNT + 1);
      const types = new Set(
        allSnapshots().flatMap((s) => s.instances.filter((i) => i.status === 'failed').map((i) => i.metadata.exceptionType)),
      );
      expect(types).toContain(undefined);
      for (const type of ['TypeError', 'Error', 'ValidationError', 'WorkerLost', 'TaskNotFoundError', 'MaxRetriesExceeded']) {
        expect(types).toContain(type);
      }
    });

    it('wrote the qa-tie-* sessions with exactly the same last activity, and all others apart', async () => {
      const rows = await queryRows<{ uid: string; t: string }>(
        db,
        sql`select uid, updated_at::text as t from sessions order by updated_at, uid`,
      );
      const ties = rows.filter((r) => world.tieUids.includes(r.uid));
      expect(new Set(ties.map((r) => r.t)).size).toBe(1);
      const others = rows.filter((r) => !world.tieUids.includes(r.uid));
      expect(new Set(others.map((r) => r.t)).size).toBe(others.length);
      // Apart even at the millisecond precision of getSessionSummary's Date, which orders the expectations.
      expect(new Set(others.map((r) => snap(r.uid).summary.updatedAt.getTime())).size).toBe(others.length);
      // ...and getSessionSummary reports the same instant for the three of them.
      const times = new Set(world.tieUids.map((uid) => snap(uid).summary.updatedAt.getTime()));
      expect(times.size).toBe(1);
    });
  });

  // ------------------------------------------------------------------------------ counters
  describe('session counters', () => {
    it('per-status counters equal the statuses of the instances, for every session', () => {
      const mismatches: string[] = [];
      for (const s of allSnapshots()) {
        const actual = tally(s.instances);
        if (!isDeepStrictEqual({ ...s.summary.counts }, actual)) {
          mismatches.push(`${s.uid}: counters ${JSON.stringify(s.summary.counts)} != instances ${JSON.stringify(actual)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('task, instance and unresolved counts equal what the store reports, for every session', () => {
      for (const s of allSnapshots()) {
        const open = openTasks(s);
        expect(s.summary.taskCount, s.uid).toBe(s.tasks.length);
        expect(s.summary.instanceCount, s.uid).toBe(s.instances.length);
        expect(s.summary.unresolvedTaskCount, s.uid).toBe(open.length);
        expect(s.unresolvedTasks.map((t) => t.name), s.uid).toEqual(open);
        expect(s.summary.unresolvedInstanceCount, s.uid).toBe(s.instances.filter((i) => !isResolved(i)).length);
        expect(s.summary.unresolvedInstanceCount, s.uid).toBe(s.unresolvedInstances.length);
      }
    });

    it('the counter columns agree with a full aggregate over task_instances and session_tasks', async () => {
      const aggregate = await queryRows<{ uid: string; status: string; n: number | string }>(
        db,
        sql`select session_uid as uid, status, count(*) as n from task_instances group by 1, 2`,
      );
      const bySession = new Map<string, StatusCounts>();
      for (const row of aggregate) {
        const counts = bySession.get(row.uid) ?? tally([]);
        counts[row.status as keyof StatusCounts] = Number(row.n);
        bySession.set(row.uid, counts);
      }
      for (const uid of world.uids) {
        expect(snap(uid).summary.counts, uid).toEqual(bySession.get(uid) ?? tally([]));
      }
      // Per-task counters (session_tasks.instance_count / unresolved_count).
      const taskRows = await queryRows<{ uid: string; name: string; ic: number | string; uc: number | string; ai: number | string; au: number | string }>(
        db,
        sql`select t.session_uid as uid, t.name, t.instance_count as ic, t.unresolved_count as uc,
                   (select count(*) from task_instances i where i.session_uid = t.session_uid and i.task = t.name) as ai,
                   (select count(*) from task_instances i where i.session_uid = t.session_uid and i.task = t.name
                      and i.status in ('unstarted', 'scheduled', 'running', 'failed')) as au
            from ${sessionTasks} t`,
      );
      const wrong = taskRows.filter((r) => Number(r.ic) !== Number(r.ai) || Number(r.uc) !== Number(r.au));
      expect(wrong).toEqual([]);
    });

    it('countSessions counts every session', async () => {
      expect(await countSessions(db)).toBe(world.uids.length);
    });

    it('getSessionSummary returns null for an unknown uid', async () => {
      expect(await getSessionSummary(db, 'no-such-session')).toBeNull();
    });
  });

  // ------------------------------------------------------------------------------ listSessions
  describe('listSessions', () => {
    it.each(SESSION_FILTERS)('filter %s: exact membership, newest activity first', async (filter) => {
      const page = await listSessions(db, { filter, limit: 200 });
      expect(page.nextCursor).toBeNull();
      expect(page.rows.map((r) => r.uid)).toEqual(expectedSessions(filter));
      // The rows are the same summaries getSessionSummary gives.
      for (const row of page.rows) expect(row).toEqual(snap(row.uid).summary);
    });

    it('the filters partition the sessions as the store sees them', () => {
      const all = expectedSessions('all');
      expect(all).toHaveLength(world.uids.length);
      const unresolved = new Set(expectedSessions('unresolved'));
      const resolved = new Set(expectedSessions('resolved'));
      expect(unresolved.size + resolved.size).toBe(all.length);
      for (const uid of all) {
        expect(unresolved.has(uid), uid).toBe(snap(uid).unresolvedTasks.length > 0);
      }
      for (const uid of expectedSessions('failed')) expect(unresolved.has(uid)).toBe(true);
      // Sanity: every filter has members, and the tricky cases land where they should.
      expect(resolved.has('qa-abandoned-at-once')).toBe(true);
      expect(resolved.has('qa-replay-d2-ok')).toBe(true);
      expect(resolved.has('qa-skip-cascade')).toBe(true);
      expect(unresolved.has('qa-skip-plain')).toBe(true);
      expect(unresolved.has('qa-never')).toBe(true);
      expect(unresolved.has('qa-config-only')).toBe(true);
      expect(expectedSessions('failed')).not.toContain('qa-replay-d2-ok');
    });

    describe.each([1, 7, 50])('keyset pagination, limit %i', (limit) => {
      it.each(SESSION_FILTERS)('filter %s: every row exactly once, in order', async (filter) => {
        const { rows, pages } = await walk((cursor) => listSessions(db, { filter, limit, cursor }), limit);
        const uids = rows.map((r) => r.uid);
        expect(new Set(uids).size).toBe(uids.length);
        expect(uids).toEqual(expectedSessions(filter));
        expect(pages).toBe(Math.max(1, Math.ceil(uids.length / limit)));
      });
    });

    it('pages through sessions with equal last activity without losing or repeating one', async () => {
      const expected = expectedSessions('unresolved', 'qa-tie-');
      expect(expected).toEqual(['qa-tie-c', 'qa-tie-b', 'qa-tie-a']);
      for (const limit of [1, 2]) {
        const { rows } = await walk(
          (cursor) => listSessions(db, { filter: 'unresolved', search: 'qa-tie-', limit, cursor }),
          limit,
        );
        expect(rows.map((r) => r.uid)).toEqual(expected);
      }
      // Across the whole list too: the boundary falls between tied rows with limit 1.
      const { rows } = await walk((cursor) => listSessions(db, { limit: 1, cursor }), 1);
      const at = rows.findIndex((r) => r.uid === 'qa-tie-c');
      expect(rows.slice(at, at + 3).map((r) => r.uid)).toEqual(expected);
    });

    it('a page size that divides the list exactly ends with nextCursor null and no empty page', async () => {
      const total = expectedSessions('all').length;
      const page = await listSessions(db, { limit: total });
      expect(page.rows).toHaveLength(total);
      expect(page.nextCursor).toBeNull();
      const first = await listSessions(db, { limit: total - 1 });
      expect(first.nextCursor).not.toBeNull();
      const second = await listSessions(db, { limit: total - 1, cursor: first.nextCursor });
      expect(second.rows).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
    });

    it('clamps the limit to 1..200', async () => {
      expect((await listSessions(db, { limit: 0 })).rows).toHaveLength(1);
      expect((await listSessions(db, { limit: -5 })).rows).toHaveLength(1);
      expect((await listSessions(db, { limit: 10_000 })).rows).toHaveLength(Math.min(200, world.uids.length));
    });

    it.each([
      ['qa_', ['qa_u-1', 'qa_u-2']],
      ['qa%', ['qa%p-1', 'qa%p-2']],
      ['qa\\', ['qa\\b-1']],
      ['qa_u-', ['qa_u-1', 'qa_u-2']],
      ['ops-', ['ops-fail-validation', 'ops-manual-failed', 'ops-missing-handler', 'ops-ok-1']],
      ['qa-tie-', ['qa-tie-a', 'qa-tie-b', 'qa-tie-c']],
      ['%', []],
      ['_', []],
      ['QA-', []],
      ['no-such-prefix', []],
    ])('search %j matches exactly the uids with that literal prefix', async (search, members) => {
      for (const filter of SESSION_FILTERS) {
        const expected = expectedSessions(filter, search);
        expect([...expected].sort()).toEqual(
          members.filter((uid) => matchesFilter(snap(uid), filter)).sort(),
        );
        const page = await listSessions(db, { filter, search, limit: 200 });
        expect(page.rows.map((r) => r.uid), `${filter} ${search}`).toEqual(expected);
      }
    });

    it('search by a prefix shared by most sessions, with pagination and a filter', async () => {
      for (const filter of SESSION_FILTERS) {
        const expected = expectedSessions(filter, 'qa-');
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.some((uid) => uid.startsWith('qa_') || uid.startsWith('qa%'))).toBe(false);
        const { rows } = await walk((cursor) => listSessions(db, { filter, search: 'qa-', limit: 3, cursor }), 3);
        expect(rows.map((r) => r.uid)).toEqual(expected);
      }
    });

    it('rejects malformed cursors with InvalidCursorError', async () => {
      const bad = [
        'not a cursor!',
        'AAAA',
        Buffer.from('{"a":1}').toString('base64url'),
        encodeCursor(['2024-01-01 00:00:00+00']),
        encodeCursor(['2024-01-01 00:00:00+00', 'qa-ok-01', 'extra']),
        Buffer.from(JSON.stringify([1, 2])).toString('base64url'),
      ];
      for (const cursor of bad) {
        await expect(listSessions(db, { cursor }), cursor).rejects.toBeInstanceOf(InvalidCursorError);
      }
      // A failed-inbox cursor is not a session cursor.
      const failedPage = await listFailedInstances(db, {}, { limit: 1 });
      await expect(listSessions(db, { cursor: failedPage.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('rejects a well-formed cursor whose timestamp is not a timestamp with InvalidCursorError', async () => {
      // decodeCursor checks only the shape; the timestamp reaches PostgreSQL as `$n::timestamptz`.
      const cursor = encodeCursor(['not-a-timestamp', 'qa-ok-01']);
      const error = await rejectionOf(listSessions(db, { cursor }));
      expect(error, describeError(error)).toBeInstanceOf(InvalidCursorError);
    });
  });

  // ------------------------------------------------------------------------------ instances
  describe('listSessionTasks', () => {
    it('returns every session’s tasks in configuration order with the first N instances each', async () => {
      for (const s of allSnapshots()) {
        for (const perTask of [1, 2, 50]) {
          const tasks = await listSessionTasks(db, s.uid, { instancesPerTask: perTask });
          expect(tasks.map((t) => t.name), s.uid).toEqual(s.tasks.map((t) => t.name));
          expect(tasks.map((t) => t.position)).toEqual([...tasks.map((t) => t.position)].sort((a, b) => a - b));
          for (const task of tasks) {
            const mine = instancesOfTask(s, task.name);
            const { position: _p, instanceCount, unresolvedCount, instances, latestStatus, ...config } = task;
            expect(config, `${s.uid} ${task.name}`).toEqual(s.tasks.find((t) => t.name === task.name));
            expect(latestStatus, `${s.uid} ${task.name} latest`).toBe(mine.at(-1)?.status ?? null);
            expect(instances, `${s.uid} ${task.name}`).toEqual(mine.slice(0, perTask).map(expectedSummary));
            expect(instanceCount, `${s.uid} ${task.name}`).toBe(mine.length);
            expect(unresolvedCount, `${s.uid} ${task.name}`).toBe(mine.filter((i) => !isResolved(i)).length);
          }
        }
      }
    });

    it('keeps configuration order, not name order, and appends tasks configured later', async () => {
      const chain = await listSessionTasks(db, 'qa-ok-01');
      expect(chain.map((t) => t.name)).toEqual(CHAIN_ORDER);
      const reconfigured = await listSessionTasks(db, world.reconfiguredUid);
      expect(reconfigured.map((t) => t.name)).toEqual([...CHAIN_ORDER, 't_never']);
      // The replaced task kept its place and took its new definition.
      expect(reconfigured[0]?.withParams).toEqual({ start: { replaced: true } });
      expect(reconfigured[3]?.instances).toEqual([]);
      expect(reconfigured[3]?.instanceCount).toBe(0);
    });

    it('caps each task at N instances (andEvery task with 121 instances)', async () => {
      const s = snap(world.pagesUid);
      const pages = instancesOfTask(s, world.pageTask);
      for (const perTask of [1, 7, 50, 120, 500]) {
        const tasks = await listSessionTasks(db, world.pagesUid, { instancesPerTask: perTask });
        const page = tasks.find((t) => t.name === world.pageTask);
        expect(summaryNames(page?.instances ?? [])).toEqual(pages.slice(0, perTask).map((i) => i.name));
        expect(tasks.find((t) => t.name === 't_begin')?.instances).toHaveLength(1);
      }
      const byDefault = await listSessionTasks(db, world.pagesUid);
      expect(byDefault.find((t) => t.name === world.pageTask)?.instances).toHaveLength(50);
    });

    it('returns [] for an unknown session', async () => {
      expect(await listSessionTasks(db, 'no-such-session')).toEqual([]);
    });
  });

  describe('listTaskInstances', () => {
    it.each([
      ['asc', 1],
      ['asc', 7],
      ['asc', 50],
      ['desc', 1],
      ['desc', 7],
      ['desc', 50],
    ] as const)('pages through the 121 instances of an andEvery task, %s, limit %i', async (order, limit) => {
      const pages = instancesOfTask(snap(world.pagesUid), world.pageTask);
      const expected = order === 'asc' ? pages : [...pages].reverse();
      const { rows, pages: count } = await walk(
        (cursor) => listTaskInstances(db, world.pagesUid, world.pageTask, { order, limit, cursor }),
        limit,
      );
      expect(rows.map((r) => r.seq)).toEqual(expected.map((i) => seqOf(i.name)));
      expect(rows).toEqual(expected.map(expectedSummary));
      expect(count).toBe(Math.ceil(expected.length / limit));
    });

    it('defaults to ascending order, 50 per page', async () => {
      const page = await listTaskInstances(db, world.pagesUid, world.pageTask);
      expect(page.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, n) => n));
      expect(page.nextCursor).toBe('49');
    });

    it.each(['abc', '12abc', '-1', '1.5', ''])('rejects the non-numeric cursor %j with InvalidCursorError', async (cursor) => {
      const listing = listTaskInstances(db, world.pagesUid, world.pageTask, { cursor });
      if (cursor === '') {
        // An empty cursor means "first page", like an absent one.
        expect((await listing).rows[0]?.seq).toBe(0);
      } else {
        await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });

    it('returns an empty last page for an unknown task or session', async () => {
      expect(await listTaskInstances(db, world.pagesUid, 't_nope')).toEqual({ rows: [], nextCursor: null });
      expect(await listTaskInstances(db, 'no-such-session', world.pageTask)).toEqual({ rows: [], nextCursor: null });
    });
  });

  describe('listUnresolvedInstances and listFiredTriggers', () => {
    it('lists exactly the store’s unresolved instances, for every session', async () => {
      for (const s of allSnapshots()) {
        const rows = await listUnresolvedInstances(db, s.uid);
        expect(summaryNames(rows), s.uid).toEqual(s.unresolvedInstances.map((i) => i.name));
        expect(rows, s.uid).toEqual(s.unresolvedInstances.map(expectedSummary));
        const independent = s.instances
          .filter((i) => !isResolved(i))
          .sort((a, b) => cmp(a.task, b.task) || seqOf(a.name) - seqOf(b.name));
        expect(summaryNames(rows), s.uid).toEqual(independent.map((i) => i.name));
      }
    });

    it('lists every fired trigger with its latest kwargs, most recent first', async () => {
      for (const s of allSnapshots()) {
        const fired = await listFiredTriggers(db, s.uid);
        expect(Object.fromEntries(fired.map((f) => [f.trigger, f.kwargs])), s.uid).toEqual(s.latestKwargs);
        for (let n = 1; n < fired.length; n += 1) {
          const [prev, cur] = [fired[n - 1], fired[n]];
          expect((prev?.lastFiredAt.getTime() ?? 0) >= (cur?.lastFiredAt.getTime() ?? 0), s.uid).toBe(true);
        }
        for (const f of fired) {
          expect(f.firstFiredAt.getTime()).toBeLessThanOrEqual(f.lastFiredAt.getTime());
          expect(f.fireCount).toBeGreaterThanOrEqual(1);
        }
      }
    });

    it('counts repeated firings (andEvery pages)', async () => {
      const s = snap(world.pagesUid);
      const fired = new Map((await listFiredTriggers(db, world.pagesUid)).map((f) => [f.trigger, f]));
      expect(fired.get('page')?.fireCount).toBe(PAGE_COUNT);
      expect(fired.get('begin')?.fireCount).toBe(1);
      // Every finished page cascades its task's name.
      const finishedPages = instancesOfTask(s, world.pageTask).filter((i) => i.status === 'finished').length;
      expect(fired.get(world.pageTask)?.fireCount).toBe(finishedPages);
      const page = fired.get('page');
      expect(page && page.firstFiredAt < page.lastFiredAt).toBe(true);
      expect(page?.kwargs).toEqual({ n: PAGE_COUNT - 1 });
      expect(await listFiredTriggers(db, 'qa-config-only')).toEqual([]);
    });
  });

  describe('getInstanceDetail', () => {
    const chains = (): ReplayChain[] => [world.chainFailed, world.chainRecovered, world.chainRetried];

    it.each([
      ['root', 0],
      ['middle', 1],
      ['leaf', 2],
    ] as const)('lineage of depth-2 replay chains seen from the %s', async (_label, index) => {
      for (const chain of chains()) {
        const s = snap(chain.uid);
        const name = chain.names[index];
        const detail = await getInstanceDetail(db, chain.uid, name);
        expect(detail, name).not.toBeNull();
        if (!detail) continue;
        const byName = (n: string) => s.instances.find((i) => i.name === n) as TaskInstance;
        expect(detail.instance).toEqual(byName(name));
        expect(detail.task).toEqual(s.tasks.find((t) => t.name === detail.instance.task));
        expect(detail.createdAt).toEqual(new Date(stamp(byName(name), 'created')));
        expect(detail.updatedAt).toEqual(new Date(stamp(byName(name), 'lastModified')));
        // Ancestors oldest first, descendants by depth.
        expect(summaryNames(detail.ancestors)).toEqual(chain.names.slice(0, index));
        expect(summaryNames(detail.descendants)).toEqual(chain.names.slice(index + 1));
        expect(detail.ancestors).toEqual(chain.names.slice(0, index).map((n) => expectedSummary(byName(n))));
        expect(detail.descendants).toEqual(chain.names.slice(index + 1).map((n) => expectedSummary(byName(n))));
        expect(detail.ancestors.map((a) => a.depth)).toEqual([0, 1].slice(0, index));
        expect(detail.instance.metadata.depth ?? 0).toBe(index);
      }
    });

    it('an instance outside any replay has no lineage; a one-step replay has one each way', async () => {
      const plain = await getInstanceDetail(db, 'qa-ok-01', 't_alpha_process#0');
      expect(plain?.ancestors).toEqual([]);
      expect(plain?.descendants).toEqual([]);
      const clone = await getInstanceDetail(db, world.pagesUid, `${world.pageTask}#${PAGE_COUNT}`);
      expect(summaryNames(clone?.ancestors ?? [])).toEqual([`${world.pageTask}#53`]);
      expect(clone?.descendants).toEqual([]);
      const original = await getInstanceDetail(db, world.pagesUid, `${world.pageTask}#53`);
      expect(summaryNames(original?.descendants ?? [])).toEqual([`${world.pageTask}#${PAGE_COUNT}`]);
    });

    it('returns null for unknown instances and task names; isTaskName tells them apart', async () => {
      expect(await getInstanceDetail(db, 'qa-ok-01', 't_alpha_process#9')).toBeNull();
      expect(await getInstanceDetail(db, 'qa-ok-01', 't_alpha_process')).toBeNull();
      expect(await getInstanceDetail(db, 'no-such-session', 't_alpha_process#0')).toBeNull();
      // Same instance name in another session is another instance.
      expect(await getInstanceDetail(db, 'qa-config-only', 't_zeta_import#0')).toBeNull();
      expect(await isTaskName(db, 'qa-ok-01', 't_alpha_process')).toBe(true);
      expect(await isTaskName(db, 'qa-ok-01', 't_alpha_process#0')).toBe(false);
      expect(await isTaskName(db, 'qa-config-only', 't_mid_notify')).toBe(true);
      expect(await isTaskName(db, 'qa-ok-01', 't_never')).toBe(false);
      expect(await isTaskName(db, world.reconfiguredUid, 't_never')).toBe(true);
    });
  });

  // ------------------------------------------------------------------------------ failed inbox
  describe('failed inbox', () => {
    const t0 = new Date(CLOCK_T0);
    const t1 = new Date(CLOCK_T1);
    const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

    it('lists every failed instance of every session, newest failure first', async () => {
      const expected = expectedFailedRows();
      expect(expected.length).toBeGreaterThanOrEqual(15);
      const page = await listFailedInstances(db, {}, { limit: 500 });
      expect(page.nextCursor).toBeNull();
      expect(page.rows).toEqual(expected);
      // Replayed-then-failed leaves show their lineage; replayed originals are not failed any more.
      const leaf = page.rows.find((r) => r.sessionUid === world.chainFailed.uid);
      expect(leaf).toMatchObject({ name: world.chainFailed.names[2], depth: 2, parent: world.chainFailed.names[1] });
      expect(page.rows.filter((r) => r.sessionUid === world.chainFailed.uid)).toHaveLength(1);
      expect(page.rows.some((r) => r.sessionUid === world.chainRecovered.uid)).toBe(false);
    });

    it('orders equal failure times by session then instance name (fixed engine clock)', async () => {
      const page = await listFailedInstances(db, { session: 'qa-clock-' }, { limit: 50 });
      expect(page.rows.map((r) => [r.sessionUid, r.name, r.failedAt.toISOString()])).toEqual([
        ['qa-clock-c', 't_a#0', CLOCK_T1],
        ['qa-clock-b', 't_b#0', CLOCK_T0],
        ['qa-clock-b', 't_a#0', CLOCK_T0],
        ['qa-clock-a', 't_b#0', CLOCK_T0],
        ['qa-clock-a', 't_a#0', CLOCK_T0],
      ]);
    });

    const FILTERS: [string, FailedFilter][] = [
      ['task t_zeta_import', { task: 't_zeta_import' }],
      ['task t_page', { task: 't_page' }],
      ['task t_a', { task: 't_a' }],
      ['type TypeError', { exceptionType: 'TypeError' }],
      ['type Error', { exceptionType: 'Error' }],
      ['type ValidationError', { exceptionType: 'ValidationError' }],
      ['type WorkerLost', { exceptionType: 'WorkerLost' }],
      ['type TaskNotFoundError', { exceptionType: 'TaskNotFoundError' }],
      ['type unknown', { exceptionType: 'NoSuchError' }],
      ['session qa_', { session: 'qa_' }],
      ['session qa%', { session: 'qa%' }],
      ['session ops-', { session: 'ops-' }],
      ['session qa-clock-', { session: 'qa-clock-' }],
      ['since T0 (inclusive)', { since: t0 }],
      ['since T0+1ms = T1', { since: t1 }],
      ['since T1+1ms', { since: ms(t1, 1) }],
      ['until T0 (inclusive)', { until: t0 }],
      ['until T0-1ms', { until: ms(t0, -1) }],
      ['until T1', { until: t1 }],
      ['since T0 until T0', { since: t0, until: t0 }],
      ['type Error + session qa-clock- + until T1', { exceptionType: 'Error', session: 'qa-clock-', until: t1 }],
      ['task t_a + type TypeError', { task: 't_a', exceptionType: 'TypeError' }],
    ];

    it.each(FILTERS)('filter %s: exact membership and order', async (_label, filter) => {
      const page = await listFailedInstances(db, filter, { limit: 500 });
      expect(page.rows).toEqual(expectedFailedRows(filter));
    });

    it('since/until boundaries at the fixed-clock failures', async () => {
      const keys = async (filter: FailedFilter) =>
        (await listFailedInstances(db, { session: 'qa-clock-', ...filter }, { limit: 500 })).rows.map(failedKey);
      expect(await keys({ since: t0 })).toHaveLength(5);
      expect(await keys({ since: ms(t0, 1) })).toEqual(['qa-clock-c t_a#0']);
      expect(await keys({ since: ms(t1, 1) })).toEqual([]);
      expect(await keys({ until: ms(t0, -1) })).toEqual([]);
      expect(await keys({ until: t0 })).toHaveLength(4);
      expect(await keys({ until: t1 })).toHaveLength(5);
      expect(await keys({ since: t1, until: t1 })).toEqual(['qa-clock-c t_a#0']);
      expect(await keys({ since: t1, until: t0 })).toEqual([]);
      // Session wildcard prefixes are literal.
      expect((await listFailedInstances(db, { session: 'qa_' })).rows.map(failedKey)).toEqual(['qa_u-2 t_zeta_import#0']);
      expect((await listFailedInstances(db, { session: 'qa%' })).rows.map(failedKey)).toEqual(['qa%p-1 t_mid_notify#0']);
    });

    describe.each([1, 7, 50])('keyset pagination, limit %i', (limit) => {
      it.each([
        ['no filter', {}],
        ['type Error', { exceptionType: 'Error' }],
        ['task t_page', { task: 't_page' }],
        ['session qa-clock- (tied times)', { session: 'qa-clock-' }],
        ['until T1 (tied times)', { until: t1 }],
      ] as [string, FailedFilter][])('%s: every failed instance exactly once, in order', async (_label, filter) => {
        const expected = expectedFailedRows(filter);
        const { rows } = await walk((cursor) => listFailedInstances(db, filter, { limit, cursor }), limit);
        const keys = rows.map(failedKey);
        expect(new Set(keys).size).toBe(keys.length);
        expect(rows).toEqual(expected);
      });
    });

    it('rejects malformed cursors with InvalidCursorError', async () => {
      const sessionPage = await listSessions(db, { limit: 1 });
      for (const cursor of ['garbage', encodeCursor(['a', 'b']), sessionPage.nextCursor as string]) {
        await expect(listFailedInstances(db, {}, { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });

    it('rejects a well-formed cursor whose timestamp is not a timestamp with InvalidCursorError', async () => {
      const cursor = encodeCursor(['soon', 'qa-ok-01', 't_zeta_import#0']);
      const error = await rejectionOf(listFailedInstances(db, {}, { cursor }));
      expect(error, describeError(error)).toBeInstanceOf(InvalidCursorError);
    });

    function expectedGroups(filter: FailedFilter = {}): FailureGroup[] {
      const groups = new Map<string, FailureGroup>();
      for (const row of expectedFailedRows(filter)) {
        const key = `${row.exceptionType} ${row.task}`;
        const group = groups.get(key);
        if (!group) {
          groups.set(key, {
            exceptionType: row.exceptionType,
            task: row.task,
            count: 1,
            firstSeen: row.failedAt,
            lastSeen: row.failedAt,
          });
        } else {
          group.count += 1;
          if (row.failedAt < group.firstSeen) group.firstSeen = row.failedAt;
          if (row.failedAt > group.lastSeen) group.lastSeen = row.failedAt;
        }
      }
      return [...groups.values()].sort(
        (a, b) =>
          b.count - a.count ||
          // ORDER BY exception_type: NULLs last.
          (a.exceptionType === b.exceptionType
            ? 0
            : a.exceptionType === null
              ? 1
              : b.exceptionType === null
                ? -1
                : cmp(a.exceptionType, b.exceptionType)) ||
          cmp(a.task, b.task),
      );
    }

    it.each([
      ['no filter', {}],
      ['session qa-clock-', { session: 'qa-clock-' }],
      ['type Error', { exceptionType: 'Error' }],
      ['task t_page', { task: 't_page' }],
      ['until T0', { until: t0 }],
      ['since T1+1ms', { since: ms(t1, 1) }],
    ] as [string, FailedFilter][])('groupFailedInstances, %s: counts, first and last seen', async (_label, filter) => {
      const groups = await groupFailedInstances(db, filter);
      expect(groups).toEqual(expectedGroups(filter));
      for (const group of groups) {
        expect(group.firstSeen).toBeInstanceOf(Date);
        expect(group.firstSeen.getTime()).toBeLessThanOrEqual(group.lastSeen.getTime());
        expect(typeof group.count).toBe('number');
      }
      const total = groups.reduce((sum, g) => sum + g.count, 0);
      expect(total).toBe(expectedFailedRows(filter).length);
    });

    it('groups the fixed-clock failures as expected', async () => {
      expect(await groupFailedInstances(db, { session: 'qa-clock-' })).toEqual([
        { exceptionType: 'Error', task: 't_a', count: 2, firstSeen: t0, lastSeen: t0 },
        { exceptionType: 'Error', task: 't_b', count: 2, firstSeen: t0, lastSeen: t0 },
        { exceptionType: 'TypeError', task: 't_a', count: 1, firstSeen: t1, lastSeen: t1 },
      ]);
      // A failure without exception type is its own group (and row), not dropped.
      const manual = await groupFailedInstances(db, { session: 'ops-manual-failed' });
      expect(manual).toHaveLength(1);
      expect(manual[0]).toMatchObject({ exceptionType: null, task: 't_alpha_process', count: 1 });
      const [row] = (await listFailedInstances(db, { session: 'ops-manual-failed' })).rows;
      expect(row).toMatchObject({ name: 't_alpha_process#0', exceptionType: null, exceptionMessage: null });
      const pages = (await groupFailedInstances(db, { task: 't_page' })).find((g) => g.exceptionType === 'Error');
      expect(pages?.count).toBe(2);
      expect(pages && pages.firstSeen < pages.lastSeen).toBe(true);
    });
  });

  // ------------------------------------------------------------------------------ EXPLAIN
  describe('query plans use the schema’s indexes (EXPLAIN, enable_seqscan = off)', () => {
    const SESSION_INDEX: Record<SessionFilter, string> = {
      all: 'sessions_activity_idx',
      failed: 'sessions_failed_activity_idx',
      unresolved: 'sessions_unresolved_activity_idx',
      resolved: 'sessions_resolved_activity_idx',
    };

    it.each(SESSION_FILTERS)('listSessions, filter %s: first page and a keyset page', async (filter) => {
      const index = SESSION_INDEX[filter];
      const accepted = [index];
      const [firstQuery] = await capture((d) => listSessions(d, { filter, limit: 2 }));
      await expectIndexPlan(firstQuery as CapturedQuery, 'sessions', accepted, { orderedBy: index });
      const first = await listSessions(db, { filter, limit: 2 });
      expect(first.nextCursor).not.toBeNull();
      const [nextQuery] = await capture((d) => listSessions(d, { filter, limit: 2, cursor: first.nextCursor }));
      await expectIndexPlan(nextQuery as CapturedQuery, 'sessions', accepted, { orderedBy: index });
    });

    it('listSessions with a uid prefix search reads sessions through an index', async () => {
      const [query] = await capture((d) => listSessions(d, { search: 'qa_u', limit: 5 }));
      await expectIndexPlan(query as CapturedQuery, 'sessions', ['sessions_uid_prefix_idx', 'sessions_activity_idx'], {
        orderedBy: 'sessions_activity_idx',
      });
    });

    it('listFailedInstances, no filter: task_instances_failed_idx gives the order, first page and keyset page', async () => {
      const [firstQuery] = await capture((d) => listFailedInstances(d, {}, { limit: 1 }));
      const accepted = ['task_instances_failed_idx', 'task_instances_failed_type_idx', 'task_instances_failed_task_idx'];
      await expectIndexPlan(firstQuery as CapturedQuery, 'task_instances', accepted, {
        orderedBy: 'task_instances_failed_idx',
      });
      const first = await listFailedInstances(db, {}, { limit: 1 });
      const [nextQuery] = await capture((d) => listFailedInstances(d, {}, { limit: 1, cursor: first.nextCursor }));
      await expectIndexPlan(nextQuery as CapturedQuery, 'task_instances', accepted, {
        orderedBy: 'task_instances_failed_idx',
      });
    });

    it.each([
      ['by exceptionType', { exceptionType: 'TypeError' }, 'task_instances_failed_type_idx'],
      ['by task', { task: 't_zeta_import' }, 'task_instances_failed_task_idx'],
    ] as [string, FailedFilter, string][])('listFailedInstances, %s: a failed-inbox partial index', async (_label, filter, index) => {
      const accepted = [index, 'task_instances_failed_idx'];
      const [firstQuery] = await capture((d) => listFailedInstances(d, filter, { limit: 1 }));
      await expectIndexPlan(firstQuery as CapturedQuery, 'task_instances', accepted);
      const first = await listFailedInstances(db, filter, { limit: 1 });
      expect(first.nextCursor).not.toBeNull();
      const [nextQuery] = await capture((d) => listFailedInstances(d, filter, { limit: 1, cursor: first.nextCursor }));
      await expectIndexPlan(nextQuery as CapturedQuery, 'task_instances', accepted);
    });

    it('the per-task instance page (listTaskInstances) uses task_instances_task_seq_idx', async () => {
      for (const order of ['asc', 'desc'] as const) {
        for (const cursor of [null, '60']) {
          const [query] = await capture((d) =>
            listTaskInstances(d, world.pagesUid, world.pageTask, { order, cursor, limit: 10 }),
          );
          await expectIndexPlan(query as CapturedQuery, 'task_instances', ['task_instances_task_seq_idx'], {
            orderedBy: 'task_instances_task_seq_idx',
          });
        }
      }
    });

    it('the API\'s instance pages (listSessionInstances) walk task_instances_task_seq_idx in order, with or without filters', async () => {
      for (const filter of [{}, { task: world.pageTask }, { status: 'finished' as const }]) {
        for (const cursor of [null, encodeCursor([world.pageTask, '60'])]) {
          const [query] = await capture((d) => listSessionInstances(d, world.pagesUid, filter, { cursor, limit: 10 }));
          await expectIndexPlan(query as CapturedQuery, 'task_instances', ['task_instances_task_seq_idx'], { orderedBy: 'task_instances_task_seq_idx' });
        }
      }
    });

    it('listSessionTasks reads each task’s first instances through task_instances_task_seq_idx', async () => {
      const queries = await capture((d) => listSessionTasks(d, world.pagesUid, { instancesPerTask: 5 }));
      const lateral = queries.find((q) => q.sql.includes('lateral'));
      expect(lateral).toBeDefined();
      await expectIndexPlan(lateral as CapturedQuery, 'task_instances', ['task_instances_task_seq_idx']);
    });
  });

  // ------------------------------------------------------------------------------ live counters
  // Last on purpose: it writes a new session (the snapshots above were taken before).
  describe('counters kept step by step through the engine', () => {
    it('stay equal to the instance statuses after every replay, skip, cascade and abandonment', async () => {
      const uid = 'zz-live-steps';
      const runner = new InlineRunner();
      const manager = new TriggerManager(new PostgresStore(db, uid), { registry: seedRegistry(), runner });
      const steps: string[] = [];
      const check = async (step: string) => {
        await runner.drain();
        steps.push(step);
        const s = await snapshotOf(uid);
        expect(s.summary.counts, step).toEqual(tally(s.instances));
        expect(s.summary.instanceCount, step).toBe(s.instances.length);
        expect(s.summary.taskCount, step).toBe(s.tasks.length);
        expect(s.summary.unresolvedTaskCount, step).toBe(openTasks(s).length);
        expect(s.unresolvedTasks.map((t) => t.name), step).toEqual(openTasks(s));
        for (const task of await listSessionTasks(db, uid)) {
          const mine = instancesOfTask(s, task.name);
          expect(task.instanceCount, `${step}: ${task.name}`).toBe(mine.length);
          expect(task.unresolvedCount, `${step}: ${task.name}`).toBe(mine.filter((i) => !isResolved(i)).length);
        }
        for (const filter of SESSION_FILTERS) {
          const listed = (await listSessions(db, { filter, search: uid })).rows.map((r) => r.uid);
          expect(listed, `${step}: filter ${filter}`).toEqual(matchesFilter(s, filter) ? [uid] : []);
        }
        const failed = (await listFailedInstances(db, { session: uid })).rows.map((r) => r.name).sort();
        expect(failed, step).toEqual(s.instances.filter((i) => i.status === 'failed').map((i) => i.name).sort());
      };

      await manager.updateConfiguration({
        ...CHAIN,
        ...GATE,
        t_tick: { after: ['begin'], andEvery: 'tick', run: 'work' },
      });
      await check('configured');
      await manager.fire('start', { failAt: { t_zeta_import: 'Error' } });
      await check('fired start, zeta fails');
      await manager.replayFailedInstance('t_zeta_import#0');
      await check('replayed zeta#0, clone fails again');
      await manager.skipFailedInstance('t_zeta_import#1', {
        cascade: true,
        result: { failAt: { t_alpha_process: 'TypeError' } },
      });
      await check('skipped zeta#1 with cascade, alpha fails');
      await manager.replayFailedInstance('t_alpha_process#0', { t_zeta_import: {} });
      await check('replayed alpha#0 with corrected kwargs, chain finishes');
      await manager.fire('opened');
      await check('gate opened (unstarted)');
      await manager.fire('cancelled');
      await check('gate abandoned');
      await manager.fire('opened');
      await manager.fire('approved');
      await check('gate triggers after abandonment');
      await manager.fire('begin');
      for (let n = 0; n < 4; n += 1) await manager.fire('tick', n === 2 ? { failAt: { t_tick: 'ValidationError' } } : {});
      await check('ticks, one fails');
      await manager.skipFailedInstance('t_tick#2');
      await check('failed tick skipped without cascade');
      await manager.updateInstanceStatus('t_tick#0', 'failed', { metadata: { exceptionType: 'WorkerLost' } });
      await check('finished tick set to failed by hand');
      await manager.updateInstanceMetadata('t_tick#0', { ticket: 'SUP-2' });
      await check('metadata only');
      await manager.replayFailedInstance('t_tick#0');
      await check('hand-failed tick replayed');
      await manager.updateConfiguration({ t_late: { after: ['late'], run: 'work' } });
      await check('task added later');
      await manager.fire('late');
      await check('late task ran');
      expect(steps).toHaveLength(15);
    });
  });
});
