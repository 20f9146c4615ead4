/**
 * Concurrency of the PostgreSQL-backed engine (docs/engine-behaviour.md §19): several "processes" —
 * each with its own connection pool, PostgresStore, TriggerManager and InlineRunner — work on
 * the SAME session uid at the same time.
 *
 * - TEST_DB=postgres: 4 pools (postgres.js, 10 connections each) on one fresh server database.
 * - PGlite (default): one database and one connection, so every transaction serialises; two
 *   "processes" (store/manager/runner objects) share it and the same properties are checked at a
 *   smaller scale. Tests that only make sense on one backend are declared for that backend.
 *
 * Every invariant is checked against the rows themselves (sessions counters, session_tasks
 * counters, session_triggers fire counts, task_instances), not only through the engine's API.
 */
import { GateRunner } from './engine/helpers';
import { performance as nodePerformance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, PostgresStore, queryRows, type Database, type SessionRow } from '@/lib/db';
import { sessions, sessionTasks, sessionTriggers, taskInstances } from '@/lib/db/schema';
import {
  INSTANCE_STATUSES,
  InlineRunner,
  InvalidStatusError,
  TaskRegistry,
  TriggerManager,
  type Configuration,
  type InstanceMetadata,
  type InstanceStatus,
  type Kwargs,
  type TaskContext,
  type TaskHandler,
  type TaskInstance,
  type TaskRunner,
} from '@/lib/triggers';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

const KIND = testDatabaseKind();
const SERVER = KIND === 'postgres';
/** Simulated processes. On the server each has its own pool; on PGlite they share the one database. */
const PROCS = SERVER ? 4 : 2;

const SCALE = SERVER
  ? { ticks: 150, once: 50, free: 100, failed: 60, replayRepeats: 20, otherSessions: 10, timedFires: 20, stormMs: 5000, stormWorkersPerProc: 3 }
  : { ticks: 40, once: 10, free: 10, failed: 20, replayRepeats: 20, otherSessions: 10, timedFires: 8, stormMs: 2000, stormWorkersPerProc: 2 };

/** Generous: a deadlock must fail fast with a clear message rather than hang the run. */
const DEADLOCK_MS = SERVER ? 30_000 : 20_000;

let testDb: TestDatabase | undefined;
/** pools[0] is the test database's own pool; the others are independent pools on the same database. */
let pools: Database[] = [];
let uidCounter = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db, url } = testDb;
  if (SERVER) {
    if (!url) throw new Error('a postgres test database must have a url');
    const extra = await Promise.all(Array.from({ length: PROCS - 1 }, () => createDatabase({ url })));
    pools = [db, ...extra];
  } else {
    pools = [db];
  }
});

afterAll(async () => {
  const [, ...extra] = pools;
  await Promise.all(extra.map((pool) => closeDatabase(pool)));
  await testDb?.close();
});

// ---------------------------------------------------------------------------------------------
// Small helpers

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const names = (list: ReadonlyArray<{ name: string }>): string[] => list.map((i) => i.name);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const newUid = (label: string): string => `conc:${label}:${Date.now().toString(36)}:${(uidCounter += 1)}`;

function at<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error(`empty list (index ${index})`);
  return value;
}

/** Deterministic PRNG (mulberry32) so a failing shuffle can be reproduced from the logged seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms (deadlock?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: ${what} not reached in ${timeoutMs} ms`);
    await sleep(5);
  }
}

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Processes, handlers, runners

/** Counts handler invocations per instance name, across all processes. */
class Recorder {
  readonly runs = new Map<string, number>();
  note(ctx: TaskContext): void {
    this.runs.set(ctx.instanceName, (this.runs.get(ctx.instanceName) ?? 0) + 1);
  }
  /** Instance names that ran a number of times other than once. */
  notOnce(expected: readonly string[]): string[] {
    const bad = expected.filter((n) => this.runs.get(n) !== 1).map((n) => `${n} ran ${this.runs.get(n) ?? 0}×`);
    const unknown = [...this.runs.keys()].filter((n) => !expected.includes(n)).map((n) => `${n} ran but is not expected`);
    return [...bad, ...unknown];
  }
}

function handlersFor(rec: Recorder): Record<string, TaskHandler> {
  return {
    /** Records the run; returns what it received. */
    record: (ctx) => {
      rec.note(ctx);
      return { ran: ctx.instanceName, kwargs: ctx.triggerKwargs };
    },
    /** Fails on its first run (replay depth 0); a replay clone succeeds. */
    failFirst: (ctx) => {
      rec.note(ctx);
      if (ctx.retries === 0) throw new Error(`planned failure of ${ctx.instanceName}`);
      return { ran: ctx.instanceName, retries: ctx.retries };
    },
    /** Like failFirst, but only when the `tick` kwargs ask for it. */
    maybeFail: (ctx) => {
      rec.note(ctx);
      if (ctx.retries === 0 && get(ctx.triggerKwargs, 'tick', 'fail') === true) {
        throw new Error(`requested failure of ${ctx.instanceName}`);
      }
      return { ran: ctx.instanceName };
    },
  };
}

interface Proc {
  index: number;
  db: Database;
  store: PostgresStore;
  manager: TriggerManager;
  runner: InlineRunner;
}

/**
 * "Process" number `index` on `uid`: the pool `index` (modulo the pools there are), its own
 * PostgresStore, TaskRegistry, InlineRunner and TriggerManager. `wrap` may replace the runner the
 * manager gets (the InlineRunner stays available for draining).
 */
function openProc(uid: string, rec: Recorder, index: number, wrap?: (inline: InlineRunner) => TaskRunner): Proc {
  const db = at(pools, index);
  const store = new PostgresStore(db, uid);
  const registry = new TaskRegistry();
  for (const [name, handler] of Object.entries(handlersFor(rec))) registry.register(name, handler);
  const runner = new InlineRunner();
  const manager = new TriggerManager(store, { registry, runner: wrap?.(runner) ?? runner });
  return { index, db, store, manager, runner };
}

/** PROCS processes on the same uid, one per pool. */
function openProcs(uid: string, rec: Recorder, wrap?: (inline: InlineRunner, index: number) => TaskRunner): Proc[] {
  return range(PROCS).map((index) => openProc(uid, rec, index, wrap && ((inline) => wrap(inline, index))));
}

/** Until every runner of every process is idle (a cascade only ever queues on its own runner). */
async function drainAll(procs: readonly Proc[], what = 'draining every runner'): Promise<void> {
  await withTimeout(
    (async () => {
      do {
        await Promise.all(procs.map((p) => p.runner.drain()));
      } while (procs.some((p) => p.runner.pending > 0));
    })(),
    DEADLOCK_MS,
    what,
  );
}


/**
 * Dispatches nothing (instances stay `scheduled`); run(), called under the lock, takes
 * `delayMs`, as a dispatch to a remote queue would.
 */
class DispatchRunner implements TaskRunner {
  readonly name = 'dispatch';
  readonly dispatched: string[] = [];
  delayMs = 0;
  async run(_manager: TriggerManager, instance: TaskInstance): Promise<void> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    this.dispatched.push(instance.name);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the rows and checking invariants

interface InstanceRowView {
  name: string;
  task: string;
  seq: number;
  status: InstanceStatus;
  parent: string | null;
  kwargs: Record<string, Kwargs>;
  metadata: InstanceMetadata;
}

interface Snapshot {
  session: SessionRow | undefined;
  instances: InstanceRowView[];
  tasks: Array<{ name: string; instanceCount: number; unresolvedCount: number }>;
  fireCounts: Map<string, number>;
  fireCountSum: number;
}

const STATUS_COUNT: Record<InstanceStatus, keyof SessionRow> = {
  unstarted: 'unstartedCount',
  scheduled: 'scheduledCount',
  running: 'runningCount',
  finished: 'finishedCount',
  failed: 'failedCount',
  replayed: 'replayedCount',
  skipped: 'skippedCount',
  abandoned: 'abandonedCount',
};

const UNRESOLVED: ReadonlySet<InstanceStatus> = new Set(['unstarted', 'scheduled', 'running', 'failed']);

/** Everything about one session, read in one repeatable-read snapshot. */
async function snapshot(db: Database, uid: string): Promise<Snapshot> {
  return db.transaction(
    async (tx) => {
      const [session] = await tx.select().from(sessions).where(eq(sessions.uid, uid));
      const instances = await tx
        .select({
          name: taskInstances.name,
          task: taskInstances.task,
          seq: taskInstances.seq,
          status: taskInstances.status,
          parent: taskInstances.parent,
          kwargs: taskInstances.kwargs,
          metadata: taskInstances.metadata,
        })
        .from(taskInstances)
        .where(eq(taskInstances.sessionUid, uid));
      const tasks = await tx
        .select({
          name: sessionTasks.name,
          instanceCount: sessionTasks.instanceCount,
          unresolvedCount: sessionTasks.unresolvedCount,
        })
        .from(sessionTasks)
        .where(eq(sessionTasks.sessionUid, uid));
      const triggers = await tx
        .select({ trigger: sessionTriggers.trigger, fireCount: sessionTriggers.fireCount })
        .from(sessionTriggers)
        .where(eq(sessionTriggers.sessionUid, uid));
      const [sum] = await queryRows<{ total: number }>(
        tx as unknown as Database,
        sql`select coalesce(sum(fire_count), 0)::int as total from session_triggers where session_uid = ${uid}`,
      );
      return {
        session,
        instances: instances.map((i) => ({ ...i, metadata: i.metadata as InstanceMetadata })),
        tasks,
        fireCounts: new Map(triggers.map((t) => [t.trigger, t.fireCount])),
        fireCountSum: Number(sum?.total ?? -1),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Names contiguous per task (`task#0..n-1`, seq = n), every replayed instance has exactly one
 * clone and every clone's parent is replayed. Holds in any consistent snapshot.
 */
function structureViolations(
  instances: ReadonlyArray<{ name: string; task: string; status: string; parent: string | null }>,
): string[] {
  const out: string[] = [];
  const byTask = new Map<string, number[]>();
  for (const i of instances) {
    const seq = Number(i.name.slice(i.name.lastIndexOf('#') + 1));
    if (i.name !== `${i.task}#${seq}`) out.push(`instance ${i.name} is not named after its task ${i.task}`);
    byTask.set(i.task, [...(byTask.get(i.task) ?? []), seq]);
  }
  for (const [task, seqs] of byTask) {
    const sorted = [...seqs].sort((a, b) => a - b);
    if (sorted.some((s, index) => s !== index)) {
      out.push(`task ${task}: sequence numbers are not exactly 0..${seqs.length - 1}: ${sorted.join(',')}`);
    }
  }
  const status = new Map(instances.map((i) => [i.name, i.status]));
  const clones = new Map<string, string[]>();
  for (const i of instances) if (i.parent !== null) clones.set(i.parent, [...(clones.get(i.parent) ?? []), i.name]);
  for (const i of instances) {
    const mine = clones.get(i.name) ?? [];
    if (i.status === 'replayed' && mine.length !== 1) out.push(`replayed ${i.name} has ${mine.length} clones`);
    if (i.status !== 'replayed' && mine.length > 0) out.push(`${i.name} (${i.status}) has clones ${mine.join(',')}`);
  }
  for (const [parent, list] of clones) {
    if (status.get(parent) !== 'replayed') out.push(`clones ${list.join(',')} of ${parent}, which is ${status.get(parent) ?? 'missing'}`);
  }
  return out;
}

/** The denormalised counters agree with the instances they count, plus structureViolations. */
function counterViolations(s: Snapshot): string[] {
  const out: string[] = [];
  const { session } = s;
  if (!session) return ['no sessions row'];
  for (const status of INSTANCE_STATUSES) {
    const actual = s.instances.filter((i) => i.status === status).length;
    const recorded = session[STATUS_COUNT[status]];
    if (recorded !== actual) out.push(`sessions.${status}_count = ${String(recorded)} but ${actual} instances are ${status}`);
  }
  if (session.instanceCount !== s.instances.length) {
    out.push(`sessions.instance_count = ${session.instanceCount} but there are ${s.instances.length} instances`);
  }
  if (session.taskCount !== s.tasks.length) out.push(`sessions.task_count = ${session.taskCount} but ${s.tasks.length} tasks`);
  let unresolvedTasks = 0;
  for (const task of s.tasks) {
    const mine = s.instances.filter((i) => i.task === task.name);
    const open = mine.filter((i) => UNRESOLVED.has(i.status)).length;
    if (mine.length === 0 || open > 0) unresolvedTasks += 1;
    if (task.instanceCount !== mine.length) {
      out.push(`session_tasks[${task.name}].instance_count = ${task.instanceCount} but ${mine.length} instances`);
    }
    if (task.unresolvedCount !== open) {
      out.push(`session_tasks[${task.name}].unresolved_count = ${task.unresolvedCount} but ${open} unresolved`);
    }
  }
  if (session.unresolvedTaskCount !== unresolvedTasks) {
    out.push(`sessions.unresolved_task_count = ${session.unresolvedTaskCount} but ${unresolvedTasks} tasks are unresolved`);
  }
  const fromMap = [...s.fireCounts.values()].reduce((a, b) => a + b, 0);
  if (fromMap !== s.fireCountSum) out.push(`sum(fire_count) ${s.fireCountSum} != ${fromMap}`);
  return [...out, ...structureViolations(s.instances)];
}

function ofTask(s: Snapshot, task: string): InstanceRowView[] {
  return s.instances.filter((i) => i.task === task).sort((a, b) => a.seq - b.seq);
}

function statusCounts(list: ReadonlyArray<{ status: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of list) out[i.status] = (out[i.status] ?? 0) + 1;
  return out;
}

/** Settled results of two racing operations: exactly one fulfilled, one InvalidStatusError. */
function oneWinner<T>(results: PromiseSettledResult<T>[], instance: string): { winner: T; loserIndex: number } | string {
  const fulfilled = results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const bad = rejected.filter((r) => !(r.reason instanceof InvalidStatusError)).map((r) => String(r.reason));
  if (fulfilled.length !== 1 || rejected.length !== 1 || bad.length > 0 || !fulfilled[0]) {
    return `${instance}: ${fulfilled.length} succeeded, ${rejected.length} rejected ${bad.length ? `(unexpected: ${bad.join('; ')})` : ''}`;
  }
  const loser = rejected[0]?.reason as InvalidStatusError;
  if (loser.instanceName !== instance) return `${instance}: InvalidStatusError names ${loser.instanceName}`;
  return { winner: fulfilled[0].value, loserIndex: results.findIndex((r) => r.status === 'rejected') };
}

// ---------------------------------------------------------------------------------------------

describe(`PostgresStore concurrency across ${PROCS} ${SERVER ? 'connection pools on a PostgreSQL server' : 'store objects on one PGlite database (one connection: transactions serialise)'}`, () => {
  it(`${SCALE.ticks + SCALE.once + SCALE.free} concurrent fires on one session: andEvery ticks, a one-shot task, cascades — nothing lost, nothing doubled`, async () => {
    const uid = newUid('fires');
    const rec = new Recorder();
    const procs = openProcs(uid, rec);
    const onceTriggers = range(SCALE.once).map((i) => `once${i}`);
    const freeTriggers = range(SCALE.free).map((i) => `free${i}`);
    const config: Configuration = {
      t_every: { after: [], andEvery: 'tick', run: 'record' },
      t_chain: { after: [], andEvery: 't_every', run: 'record' }, // one per t_every cascade
      t_once: { after: onceTriggers, run: 'record' },
      t_down: { after: ['t_once'], run: 'record' }, // the one-shot task's cascade
    };
    await at(procs, 0).manager.updateConfiguration(config);

    const seed = Date.now();
    const ops = shuffle(
      [
        ...range(SCALE.ticks).map((n) => ({ trigger: 'tick', kwargs: { n } as Kwargs })),
        ...onceTriggers.map((trigger, i) => ({ trigger, kwargs: { i, trigger } as Kwargs })),
        ...freeTriggers.map((trigger, i) => ({ trigger, kwargs: { free: i } as Kwargs })),
      ],
      prng(seed),
    );
    const started = performance.now();
    const results = await withTimeout(
      Promise.all(ops.map((op, k) => at(procs, k).manager.fire(op.trigger, op.kwargs))),
      DEADLOCK_MS,
      `${ops.length} concurrent fires (seed ${seed})`,
    );
    const firedMs = performance.now() - started;
    await drainAll(procs);
    console.log(
      `[${KIND}] ${ops.length} concurrent fires over ${PROCS} procs: ${firedMs.toFixed(0)} ms; drained after ${(performance.now() - started).toFixed(0)} ms`,
    );

    // What each fire() returned.
    const tickResults = ops.flatMap((op, k) => (op.trigger === 'tick' ? [{ op, scheduled: results[k] ?? [] }] : []));
    for (const { op, scheduled } of tickResults) {
      expect(scheduled, `fire('tick', ${JSON.stringify(op.kwargs)}) schedules exactly one instance`).toHaveLength(1);
      expect(scheduled[0]?.task).toBe('t_every');
      expect(scheduled[0]?.kwargs.tick).toEqual(op.kwargs);
    }
    const tickNames = tickResults.flatMap((r) => names(r.scheduled));
    expect(new Set(tickNames).size).toBe(SCALE.ticks);
    expect([...tickNames].sort()).toEqual(range(SCALE.ticks).map((n) => `t_every#${n}`).sort());
    const onceResults = ops.flatMap((op, k) => (op.trigger.startsWith('once') ? [results[k] ?? []] : []));
    expect(onceResults.flatMap((r) => names(r))).toEqual(['t_once#0']);
    const freeResults = ops.flatMap((op, k) => (op.trigger.startsWith('free') ? [results[k] ?? []] : []));
    expect(freeResults.flat()).toEqual([]);

    const s = await snapshot(at(pools, 0), uid);
    expect(counterViolations(s)).toEqual([]);

    // andEvery: one instance per tick, #0..#N-1, each tick's kwargs exactly once.
    const every = ofTask(s, 't_every');
    expect(names(every)).toEqual(range(SCALE.ticks).map((n) => `t_every#${n}`));
    expect(every.map((i) => get(i.kwargs, 'tick', 'n')).sort((a, b) => Number(a) - Number(b))).toEqual(range(SCALE.ticks));
    // cascades: one t_chain instance per finished t_every, each carrying a distinct t_every result.
    const chain = ofTask(s, 't_chain');
    expect(names(chain)).toEqual(range(SCALE.ticks).map((n) => `t_chain#${n}`));
    expect(new Set(chain.map((i) => get(i.kwargs, 't_every', 'ran'))).size).toBe(SCALE.ticks);
    // one-shot: exactly one instance holding every trigger's kwargs, run once, cascading once.
    const once = ofTask(s, 't_once');
    expect(names(once)).toEqual(['t_once#0']);
    expect(once[0]?.kwargs).toEqual(Object.fromEntries(onceTriggers.map((t, i) => [t, { i, trigger: t }])));
    const down = ofTask(s, 't_down');
    expect(names(down)).toEqual(['t_down#0']);
    expect(down[0]?.kwargs.t_once).toEqual(once[0]?.metadata.result);

    expect(statusCounts(s.instances)).toEqual({ finished: 2 * SCALE.ticks + 2 });
    expect(rec.notOnce(s.instances.map((i) => i.name))).toEqual([]);
    expect(rec.runs.get('t_once#0')).toBe(1);
    expect(s.session?.finishedCount).toBe(2 * SCALE.ticks + 2);
    expect(s.session?.instanceCount).toBe(2 * SCALE.ticks + 2);
    expect(s.session?.unresolvedTaskCount).toBe(0);

    // latestKwargs: every trigger present, the latest firing's kwargs.
    const latest = await at(procs, 1).store.latestKwargs();
    const expectedTriggers = ['tick', ...onceTriggers, ...freeTriggers, 't_every', 't_chain', 't_once', 't_down'];
    expect(Object.keys(latest).sort()).toEqual([...expectedTriggers].sort());
    onceTriggers.forEach((t, i) => expect(latest[t]).toEqual({ i, trigger: t }));
    freeTriggers.forEach((t, i) => expect(latest[t]).toEqual({ free: i }));
    // The last committed tick is the one that created the last t_every instance.
    expect(latest.tick).toEqual(every.at(-1)?.kwargs.tick);
    expect(latest.t_every).toEqual(chain.at(-1)?.kwargs.t_every);

    // session_triggers.fire_count: no lost increment.
    const expectedCounts = new Map<string, number>([
      ['tick', SCALE.ticks],
      ...onceTriggers.map((t): [string, number] => [t, 1]),
      ...freeTriggers.map((t): [string, number] => [t, 1]),
      ['t_every', SCALE.ticks],
      ['t_chain', SCALE.ticks],
      ['t_once', 1],
      ['t_down', 1],
    ]);
    expect(Object.fromEntries(s.fireCounts)).toEqual(Object.fromEntries(expectedCounts));
    expect(s.fireCountSum).toBe(ops.length + 2 * SCALE.ticks + 2);
  }, 60_000);

  it(`concurrent replays and skips of ${SCALE.failed} failed instances, each targeted twice from different ${SERVER ? 'pools' : 'store objects'}: exactly one operation wins per instance`, async () => {
    const uid = newUid('replay-skip');
    const rec = new Recorder();
    const procs = openProcs(uid, rec);
    await at(procs, 0).manager.updateConfiguration({
      t_fail: { after: [], andEvery: 'boom', run: 'failFirst' },
      t_next: { after: [], andEvery: 't_fail', run: 'record' }, // cascades of clones and of skips with cascade
    });
    await withTimeout(
      Promise.all(range(SCALE.failed).map((n) => at(procs, n).manager.fire('boom', { n }))),
      DEADLOCK_MS,
      'firing the failures',
    );
    await drainAll(procs);
    const failed = range(SCALE.failed).map((n) => `t_fail#${n}`);
    const before = await snapshot(at(pools, 0), uid);
    expect(counterViolations(before)).toEqual([]);
    expect(ofTask(before, 't_fail').map((i) => `${i.name} ${i.status}`)).toEqual(failed.map((n) => `${n} failed`));

    const half = SCALE.failed / 2;
    const toReplay = failed.slice(0, half);
    const toSkip = failed.slice(half);
    const cascades = (name: string): boolean => Number(name.split('#')[1]) % 2 === 0;
    type Attempt = { instance: string; action: 'replay' | 'skip'; proc: Proc; result?: PromiseSettledResult<TaskInstance> };
    const attempts: Attempt[] = shuffle(
      [
        ...toReplay.flatMap((instance, i) => [0, 1].map((k) => ({ instance, action: 'replay' as const, proc: at(procs, i + k) }))),
        ...toSkip.flatMap((instance, i) => [0, 1].map((k) => ({ instance, action: 'skip' as const, proc: at(procs, i + k) }))),
      ],
      prng(Date.now()),
    );
    const settled = await withTimeout(
      Promise.allSettled(
        attempts.map((a) =>
          a.action === 'replay'
            ? a.proc.manager.replayFailedInstance(a.instance)
            : a.proc.manager.skipFailedInstance(a.instance, { cascade: cascades(a.instance), result: { skippedBy: a.proc.index } }),
        ),
      ),
      DEADLOCK_MS,
      `${attempts.length} racing replays and skips`,
    );
    settled.forEach((result, k) => {
      const attempt = attempts[k];
      if (attempt) attempt.result = result;
    });
    await drainAll(procs);

    const problems: string[] = [];
    const winners = new Map<string, TaskInstance>();
    for (const instance of failed) {
      const mine = attempts.filter((a) => a.instance === instance);
      const outcome = oneWinner(
        mine.map((a) => a.result as PromiseSettledResult<TaskInstance>),
        instance,
      );
      if (typeof outcome === 'string') problems.push(outcome);
      else winners.set(instance, outcome.winner);
    }
    expect(problems).toEqual([]);

    const s = await snapshot(at(pools, 0), uid);
    expect(counterViolations(s)).toEqual([]);
    const byName = new Map(s.instances.map((i) => [i.name, i]));
    for (const name of toReplay) {
      expect(byName.get(name)?.status, name).toBe('replayed');
      const clone = winners.get(name);
      expect(clone?.metadata.parent).toBe(name);
      expect(clone?.metadata.depth).toBe(1);
      expect(clone?.status).toBe('scheduled');
    }
    for (const name of toSkip) {
      const row = byName.get(name);
      expect(row?.status, name).toBe('skipped');
      expect(row?.metadata.cascade).toBe(cascades(name));
      expect(row?.metadata.skippedResult).toEqual(winners.get(name)?.metadata.skippedResult);
    }
    // Clones: exactly one per replayed instance, named after the originals, all finished.
    const clones = s.instances.filter((i) => i.parent !== null);
    expect(clones).toHaveLength(half);
    expect(clones.map((c) => c.parent).sort()).toEqual([...toReplay].sort());
    expect(names(ofTask(s, 't_fail'))).toEqual(range(SCALE.failed + half).map((n) => `t_fail#${n}`));
    expect(new Set(clones.map((c) => c.status))).toEqual(new Set(['finished']));
    // Downstream: one t_next per clone success and per cascading skip.
    const cascadingSkips = toSkip.filter(cascades).length;
    expect(ofTask(s, 't_next')).toHaveLength(half + cascadingSkips);
    expect(s.fireCounts.get('boom')).toBe(SCALE.failed);
    expect(s.fireCounts.get('t_fail')).toBe(half + cascadingSkips);
    expect(s.fireCounts.get('t_next')).toBe(half + cascadingSkips);
    expect(statusCounts(s.instances)).toEqual({
      replayed: half,
      skipped: half,
      finished: half + half + cascadingSkips,
    });
    // Every instance (originals, clones, downstream) ran exactly once.
    expect(rec.notOnce(s.instances.map((i) => i.name))).toEqual([]);
    expect(await at(procs, 2).store.unresolvedInstances()).toEqual([]);
  }, 60_000);

  it(`two simultaneous replays of one failed instance from two ${SERVER ? 'pools' : 'store objects'}: one clone and one InvalidStatusError (×${SCALE.replayRepeats})`, async () => {
    const uid = newUid('double-replay');
    const rec = new Recorder();
    const procs = openProcs(uid, rec);
    const [one, two] = [at(procs, 0), at(procs, 1)];
    await one.manager.updateConfiguration({ t_x: { after: [], andEvery: 'go', run: 'failFirst' } });
    const problems: string[] = [];
    for (const round of range(SCALE.replayRepeats)) {
      const [scheduled] = await one.manager.fire('go', { round });
      await drainAll(procs);
      const name = scheduled?.name ?? 'nothing scheduled';
      expect((await two.store.instance(name)).status).toBe('failed');
      const racers = round % 2 === 0 ? [one, two] : [two, one];
      const results = await withTimeout(
        Promise.allSettled(racers.map((p) => p.manager.replayFailedInstance(name))),
        DEADLOCK_MS,
        `round ${round}: two replays of ${name}`,
      );
      const outcome = oneWinner(results, name);
      if (typeof outcome === 'string') problems.push(`round ${round}: ${outcome}`);
      else if (outcome.winner.metadata.parent !== name) problems.push(`round ${round}: clone of ${String(outcome.winner.metadata.parent)}`);
      await drainAll(procs);
      const clones = (await one.store.instancesOfTask('t_x')).filter((i) => i.metadata.parent === name);
      if (clones.length !== 1) problems.push(`round ${round}: ${clones.length} clones of ${name}`);
    }
    expect(problems).toEqual([]);
    const s = await snapshot(at(pools, 0), uid);
    expect(counterViolations(s)).toEqual([]);
    expect(names(ofTask(s, 't_x'))).toEqual(range(2 * SCALE.replayRepeats).map((n) => `t_x#${n}`));
    expect(statusCounts(s.instances)).toEqual({ replayed: SCALE.replayRepeats, finished: SCALE.replayRepeats });
    expect(rec.notOnce(s.instances.map((i) => i.name))).toEqual([]);
  }, 60_000);

  if (SERVER) {
    it(`different sessions do not serialise: while one session's lock is held, fires on ${SCALE.otherSessions} other sessions complete`, async () => {
      const rec = new Recorder();
      let gate: GateRunner | undefined;
      const held = openProcs(newUid('held'), rec, (inline, i) => (i === 0 ? (gate = new GateRunner(inline)) : inline));
      await at(held, 0).manager.updateConfiguration({
        t_x: { after: ['go'], run: 'record' },
        t_y: { after: ['other'], run: 'record' },
      });
      const others = range(SCALE.otherSessions).map((k) => openProc(newUid(`free-${k}`), rec, k));
      await Promise.all(others.map((p) => p.manager.updateConfiguration({ t_x: { after: ['go'], run: 'record' } })));

      let firstDone = false;
      let sameSessionDone = false;
      const first = at(held, 0).manager.fire('go', { v: 1 }).then((r) => {
        firstDone = true;
        return r;
      });
      await waitFor(() => (gate?.entered.length ?? 0) === 1, 5000, 'the gated run() being entered');
      // The same session, from another pool: must wait for the row lock.
      const sameSession = at(held, 1).manager.fire('other', { v: 2 }).then((r) => {
        sameSessionDone = true;
        return r;
      });
      try {
        const started = performance.now();
        const scheduled = await withTimeout(
          Promise.all(others.map(async (p, k) => {
            const r = await p.manager.fire('go', { session: k });
            await p.runner.drain();
            return names(r);
          })),
          5000,
          `fires on ${SCALE.otherSessions} other sessions while one lock is held`,
        );
        console.log(`[${KIND}] ${SCALE.otherSessions} other sessions fired and ran in ${(performance.now() - started).toFixed(0)} ms while a lock was held`);
        expect(scheduled).toEqual(others.map(() => ['t_x#0']));
        for (const [k, p] of others.entries()) {
          expect((await p.store.instance('t_x#0')).metadata.result).toEqual({ ran: 't_x#0', kwargs: { go: { session: k } } });
        }
        // Reads of the locked session take no lock.
        await withTimeout(at(held, 2).store.instances(), 2000, 'instances() of the locked session');
        await withTimeout(at(held, 2).store.debugRepr(), 2000, 'debugRepr() of the locked session');
        await withTimeout(at(held, 3).store.latestKwargs(), 2000, 'latestKwargs() of the locked session');
        expect(firstDone).toBe(false);
        expect(sameSessionDone).toBe(false);
      } finally {
        gate?.open();
      }
      expect(names(await withTimeout(first, DEADLOCK_MS, 'the gated fire'))).toEqual(['t_x#0']);
      expect(names(await withTimeout(sameSession, DEADLOCK_MS, 'the fire waiting for the lock'))).toEqual(['t_y#0']);
      await drainAll(held);
      const s = await snapshot(at(pools, 0), at(held, 0).store.uid);
      expect(counterViolations(s)).toEqual([]);
      expect(statusCounts(s.instances)).toEqual({ finished: 2 });
      for (const p of others) expect(counterViolations(await snapshot(p.db, p.store.uid))).toEqual([]);
    }, 30_000);
  } else {
    it(`one connection: while one session's lock is held, fires on ${SCALE.otherSessions} other sessions wait, then all complete (no deadlock)`, async () => {
      const rec = new Recorder();
      let gate: GateRunner | undefined;
      const held = openProcs(newUid('held'), rec, (inline, i) => (i === 0 ? (gate = new GateRunner(inline)) : inline));
      await at(held, 0).manager.updateConfiguration({ t_x: { after: ['go'], run: 'record' } });
      const others = range(SCALE.otherSessions).map((k) => openProc(newUid(`free-${k}`), rec, k));
      for (const p of others) await p.manager.updateConfiguration({ t_x: { after: ['go'], run: 'record' } });

      const first = at(held, 0).manager.fire('go', { v: 1 });
      await waitFor(() => (gate?.entered.length ?? 0) === 1, 5000, 'the gated run() being entered');
      let completed = 0;
      const rest = Promise.all(
        others.map(async (p, k) => {
          const r = await p.manager.fire('go', { session: k });
          completed += 1;
          return names(r);
        }),
      );
      try {
        await sleep(200);
        expect(completed, 'every transaction waits for the one holding the only connection').toBe(0);
      } finally {
        gate?.open();
      }
      expect(names(await withTimeout(first, DEADLOCK_MS, 'the gated fire'))).toEqual(['t_x#0']);
      expect(await withTimeout(rest, DEADLOCK_MS, 'the other sessions after release')).toEqual(others.map(() => ['t_x#0']));
      await drainAll([...held, ...others]);
      for (const p of [at(held, 0), ...others]) {
        const s = await snapshot(p.db, p.store.uid);
        expect(counterViolations(s)).toEqual([]);
        expect(statusCounts(s.instances)).toEqual({ finished: 1 });
      }
    }, 30_000);
  }

  it(`wall time: ${SCALE.timedFires} fires on ${SCALE.timedFires} sessions in parallel vs the same fires serialised on one session${SERVER ? ' (with a dispatch latency under the lock: parallel < 0.8 × serial)' : ' (reported only: PGlite serialises everything)'}`, async () => {
    const rec = new Recorder();
    const N = SCALE.timedFires;
    const config: Configuration = { t_x: { after: [], andEvery: 'go', run: 'record' } };
    // One runner object for everything: it only records, after `delayMs` spent under the lock.
    const runner = new DispatchRunner();
    // Created once and reused by every round: each store and manager object costs every later
    // promise of the process something on Node 20 (see the last test of this file).
    const parallelProcs = range(N).map((k) => openProc(newUid(`par-${k}`), rec, k, () => runner));
    const serialUid = newUid('ser');
    const serialProcs = range(PROCS).map((k) => openProc(serialUid, rec, k, () => runner));
    await Promise.all(parallelProcs.map((p) => p.manager.updateConfiguration(config)));
    await at(serialProcs, 0).manager.updateConfiguration(config);

    const time = async (oneSession: boolean, what: string): Promise<{ ms: number; elu: number }> => {
      const elu0 = nodePerformance.eventLoopUtilization();
      const started = performance.now();
      const results = await withTimeout(
        Promise.all(range(N).map((k) => at(oneSession ? serialProcs : parallelProcs, k).manager.fire('go', { k }))),
        DEADLOCK_MS,
        what,
      );
      const ms = performance.now() - started;
      expect(results.map((r) => r.length)).toEqual(range(N).map(() => 1));
      return { ms, elu: nodePerformance.eventLoopUtilization(elu0).utilization };
    };
    /** Median ratio parallel / serial over `rounds` alternating rounds. */
    const measure = async (dispatchMs: number, rounds: number): Promise<number> => {
      runner.delayMs = dispatchMs;
      const parallel: Array<{ ms: number; elu: number }> = [];
      const serial: Array<{ ms: number; elu: number }> = [];
      for (const _round of range(rounds)) {
        parallel.push(await time(false, `${N} parallel fires`));
        serial.push(await time(true, `${N} serialised fires`));
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      const ratio = median(parallel.map((x) => x.ms)) / median(serial.map((x) => x.ms));
      const show = (xs: Array<{ ms: number; elu: number }>): string =>
        `${xs.map((x) => x.ms.toFixed(0)).join('/')} ms (event loop busy ${xs.map((x) => x.elu.toFixed(2)).join('/')})`;
      console.log(
        `[${KIND}] ${N} fires, dispatch ${dispatchMs} ms under the lock: parallel on ${N} sessions ${show(parallel)}; ` +
          `serialised on one session ${show(serial)}; median ratio parallel/serial = ${ratio.toFixed(2)}`,
      );
      return ratio;
    };

    await time(false, 'warm-up (parallel)'); // opens every pool's connections
    await time(true, 'warm-up (serial)');
    // The engine alone: one Node process does all the client-side work of every "process" on one
    // core (of two, shared with the server and the rest of the machine), so this is reported only.
    await measure(0, 3);
    // Lock-bound: each transaction holds its lock for a dispatch latency; sessions must overlap.
    const ratio = await measure(SERVER ? 40 : 10, 3);

    // Correctness, whatever the timing: 1 + 3 + 3 fires per parallel session, 7 × N on the serial one.
    const rounds = 7;
    for (const p of parallelProcs) {
      const s = await snapshot(p.db, p.store.uid);
      expect(counterViolations(s)).toEqual([]);
      expect(names(ofTask(s, 't_x'))).toEqual(range(rounds).map((n) => `t_x#${n}`));
      expect(s.session?.scheduledCount).toBe(rounds);
    }
    const s = await snapshot(at(pools, 0), serialUid);
    expect(counterViolations(s)).toEqual([]);
    expect(names(ofTask(s, 't_x'))).toEqual(range(rounds * N).map((n) => `t_x#${n}`));
    expect(s.fireCounts.get('go')).toBe(rounds * N);
    expect(runner.dispatched).toHaveLength(2 * rounds * N);
    if (SERVER) expect(ratio).toBeLessThan(0.8);
  }, 60_000);

  it(`storm: fires, racing replays/skips, metadata updates and reads from ${PROCS * SCALE.stormWorkersPerProc} workers for ${SCALE.stormMs / 1000} s — no deadlock, every invariant holds`, async () => {
    const uid = newUid('storm');
    const rec = new Recorder();
    const procs = openProcs(uid, rec);
    await at(procs, 0).manager.updateConfiguration({
      t_s: { after: [], andEvery: 'tick', run: 'maybeFail' },
      t_f: { after: [], andEvery: 'boom', run: 'failFirst' },
      t_c: { after: [], andEvery: 't_s', run: 'record' },
      t_k: { after: [], andEvery: 't_f', run: 'record' },
    });
    // Start with failed instances to fight over (runs lag behind the fires during the storm).
    const preset = SERVER ? 40 : 16;
    const presetFires = await withTimeout(
      Promise.all(
        range(preset).map((n) =>
          n % 2 ? at(procs, n).manager.fire('boom', { preset: n }) : at(procs, n).manager.fire('tick', { preset: n, fail: true }),
        ),
      ),
      DEADLOCK_MS,
      'preparing failed instances',
    );
    await drainAll(procs);
    const known: string[] = presetFires.flatMap((r) => names(r));
    let failedCandidates: string[] = (await at(procs, 0).store.unresolvedInstances()).map((i) => i.name);
    expect(failedCandidates).toHaveLength(preset);
    const seed = Date.now();
    const fired = { tick: preset / 2, boom: preset / 2 };
    const stats = { replayOk: 0, skipOk: 0, invalid: 0, races: 0, meta: 0, reads: 0 };
    const handled = new Map<string, Array<{ action: 'replay' | 'skip'; cascade: boolean }>>();
    const metaWrites: Array<{ name: string; key: string; value: number }> = [];
    const unexpected: string[] = [];
    const readViolations: string[] = [];
    const deadline = performance.now() + SCALE.stormMs;

    const noteHandled = (name: string, action: 'replay' | 'skip', cascade: boolean): void => {
      handled.set(name, [...(handled.get(name) ?? []), { action, cascade }]);
      if (action === 'replay') stats.replayOk += 1;
      else stats.skipOk += 1;
    };
    /** A replay or a skip of `name` from `proc`; InvalidStatusError means someone else got there first. */
    const handle = async (proc: Proc, name: string, action: 'replay' | 'skip', cascade: boolean, w: number): Promise<boolean> => {
      try {
        if (action === 'replay') {
          const clone = await proc.manager.replayFailedInstance(name);
          if (clone.metadata.parent !== name) unexpected.push(`replay of ${name} returned a clone of ${String(clone.metadata.parent)}`);
          known.push(clone.name);
        } else {
          await proc.manager.skipFailedInstance(name, { cascade, result: { skippedBy: w } });
        }
        noteHandled(name, action, cascade);
        return true;
      } catch (error) {
        if (error instanceof InvalidStatusError && error.instanceName === name) {
          stats.invalid += 1;
          return false;
        }
        throw error;
      }
    };
    /** Checks one snapshot as seen by a read method (never a half-applied operation). */
    const checkRead = (what: string, list: Array<{ name: string; task: string; status: string; parent: string | null }>): void => {
      for (const v of structureViolations(list)) readViolations.push(`${what}: ${v}`);
      const count = (task: string, pred: (i: { status: string }) => boolean) => list.filter((i) => i.task === task && pred(i)).length;
      // A cascade never precedes the success that causes it.
      for (const [up, down] of [['t_s', 't_c'], ['t_f', 't_k']] as const) {
        const upstream = count(up, (i) => i.status === 'finished' || i.status === 'skipped');
        if (count(down, () => true) > upstream) readViolations.push(`${what}: more ${down} than finished/skipped ${up}`);
      }
    };

    const worker = async (w: number): Promise<void> => {
      const proc = at(procs, w);
      const other = at(procs, w + 1);
      const random = prng(seed + w);
      let k = 0;
      while (performance.now() < deadline) {
        k += 1;
        const r = random();
        try {
          if (r < 0.22) {
            known.push(...names(await proc.manager.fire('tick', { w, k, fail: random() < 0.4 })));
            fired.tick += 1;
          } else if (r < 0.32) {
            known.push(...names(await proc.manager.fire('boom', { w, k })));
            fired.boom += 1;
          } else if (r < 0.5) {
            const name = failedCandidates.length ? at(failedCandidates, Math.floor(random() * failedCandidates.length)) : undefined;
            if (name) await handle(proc, name, random() < 0.5 ? 'replay' : 'skip', random() < 0.5, w);
          } else if (r < 0.62) {
            // Two racing operations on one instance from two pools: at most one may win.
            const name = failedCandidates.length ? at(failedCandidates, Math.floor(random() * failedCandidates.length)) : undefined;
            if (name) {
              stats.races += 1;
              const actions = [random() < 0.5 ? 'replay' : 'skip', random() < 0.5 ? 'replay' : 'skip'] as const;
              const won = await Promise.all([handle(proc, name, actions[0], true, w), handle(other, name, actions[1], false, w)]);
              if (won[0] && won[1]) unexpected.push(`both racing operations on ${name} succeeded`);
            }
          } else if (r < 0.78) {
            const name = known.length ? at(known, Math.floor(random() * known.length)) : undefined;
            if (name) {
              const key = `m_${w}_${k}`;
              const updated = await proc.manager.updateInstanceMetadata(name, { [key]: k });
              if (updated.metadata[key] !== k) unexpected.push(`updateInstanceMetadata(${name}) returned without ${key}`);
              metaWrites.push({ name, key, value: k });
              stats.meta += 1;
            }
          } else {
            stats.reads += 1;
            const which = k % 3;
            if (which === 0) {
              const all = await proc.store.instances();
              checkRead('instances()', Object.values(all).map((i) => ({ ...i, parent: i.metadata.parent ?? null })));
              failedCandidates = Object.values(all).filter((i) => i.status === 'failed').map((i) => i.name);
            } else if (which === 1) {
              const repr = await proc.store.debugRepr();
              checkRead(
                'debugRepr()',
                Object.entries(repr.instances).map(([name, value]) => ({
                  name,
                  task: String(get(value, 'task')),
                  status: String(get(value, 'status')),
                  parent: (get(value, 'metadata', 'parent') as string | undefined) ?? null,
                })),
              );
            } else {
              for (const v of counterViolations(await snapshot(proc.db, uid))) readViolations.push(`snapshot: ${v}`);
              failedCandidates = (await proc.store.unresolvedInstances()).filter((i) => i.status === 'failed').map((i) => i.name);
            }
          }
        } catch (error) {
          unexpected.push(`worker ${w} op ${k}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      }
    };

    const started = performance.now();
    await withTimeout(
      Promise.all(range(PROCS * SCALE.stormWorkersPerProc).map((w) => worker(w))),
      SCALE.stormMs + DEADLOCK_MS,
      `the storm (seed ${seed})`,
    );
    const stormMs = performance.now() - started;
    await drainAll(procs, 'draining after the storm');
    console.log(
      `[${KIND}] storm (seed ${seed}) ${stormMs.toFixed(0)} ms + drain ${(performance.now() - started - stormMs).toFixed(0)} ms: ` +
        `${fired.tick} ticks, ${fired.boom} booms, ${stats.replayOk} replays, ${stats.skipOk} skips, ${stats.invalid} InvalidStatusError, ` +
        `${stats.races} races, ${stats.meta} metadata updates, ${stats.reads} reads`,
    );

    expect(unexpected).toEqual([]);
    expect(readViolations).toEqual([]);
    expect(stats.replayOk).toBeGreaterThan(0);
    expect(stats.skipOk).toBeGreaterThan(0);
    expect(stats.invalid).toBeGreaterThan(0);

    const s = await snapshot(at(pools, 0), uid);
    expect(counterViolations(s)).toEqual([]);
    const byName = new Map(s.instances.map((i) => [i.name, i]));
    // Nothing left in flight; every instance ran exactly once.
    expect(s.instances.filter((i) => ['unstarted', 'scheduled', 'running'].includes(i.status)).map((i) => i.name)).toEqual([]);
    expect(rec.notOnce(s.instances.map((i) => i.name))).toEqual([]);
    // Each failed instance handled at most once, and what succeeded is what the rows say.
    const twice = [...handled].filter(([, list]) => list.length !== 1).map(([name, list]) => `${name}: ${list.map((h) => h.action).join('+')}`);
    expect(twice).toEqual([]);
    for (const [name, [h]] of handled) expect(byName.get(name)?.status, name).toBe(h?.action === 'replay' ? 'replayed' : 'skipped');
    const replayedRows = s.instances.filter((i) => i.status === 'replayed').map((i) => i.name).sort();
    const skippedRows = s.instances.filter((i) => i.status === 'skipped').map((i) => i.name).sort();
    expect(replayedRows).toEqual([...handled].filter(([, [h]]) => h?.action === 'replay').map(([n]) => n).sort());
    expect(skippedRows).toEqual([...handled].filter(([, [h]]) => h?.action === 'skip').map(([n]) => n).sort());
    expect(s.instances.filter((i) => i.parent !== null)).toHaveLength(stats.replayOk);
    // No lost metadata update.
    const lost = metaWrites.filter((m) => byName.get(m.name)?.metadata[m.key] !== m.value).map((m) => `${m.name}.${m.key}`);
    expect(lost).toEqual([]);
    // Fire counts: external fires, plus one cascade per success and per cascading skip.
    const cascadesOf = (task: string): number =>
      ofTask(s, task).filter((i) => i.status === 'finished' || (i.status === 'skipped' && i.metadata.cascade === true)).length;
    const expectedCounts: Record<string, number> = {
      tick: fired.tick,
      boom: fired.boom,
      t_s: cascadesOf('t_s'),
      t_f: cascadesOf('t_f'),
      t_c: cascadesOf('t_c'),
      t_k: cascadesOf('t_k'),
    };
    const actualCounts = Object.fromEntries(Object.keys(expectedCounts).map((t) => [t, s.fireCounts.get(t) ?? 0]));
    expect(actualCounts).toEqual(expectedCounts);
    expect(s.fireCountSum).toBe(Object.values(expectedCounts).reduce((a, b) => a + b, 0));
    expect(ofTask(s, 't_c')).toHaveLength(expectedCounts.t_s ?? -1);
    expect(ofTask(s, 't_k')).toHaveLength(expectedCounts.t_f ?? -1);
    expect(ofTask(s, 't_s')).toHaveLength(fired.tick + s.instances.filter((i) => i.task === 't_s' && i.parent !== null).length);
    expect(ofTask(s, 't_f')).toHaveLength(fired.boom + s.instances.filter((i) => i.task === 't_f' && i.parent !== null).length);
    const latest = await at(procs, 1).store.latestKwargs();
    expect(Object.keys(latest).sort()).toEqual(Object.entries(expectedCounts).filter(([, n]) => n > 0).map(([t]) => t).sort());
  }, 60_000);
  /** Runs `work` `n` times one after another, collecting the results. */
  async function sequence<T>(n: number, work: () => Promise<T>): Promise<T[]> {
    const results: T[] = [];
    for (let i = 0; i < n; i += 1) results.push(await work());
    return results;
  }

  it('a process that has worked on many sessions is not slower for it (store and manager objects must not tax every later promise)', async () => {
    // Found while timing the tests above: TriggerManager (`operations`) and every store
    // (ReentrantTransactions `frames`) each own an AsyncLocalStorage. On Node 20 an
    // AsyncLocalStorage that has run once stays in async_hooks' global list for the life of the
    // process, and every promise created afterwards visits every one of them. A process that
    // serves many sessions (one store + manager per uid) gets slower and slower.
    const noop = async (): Promise<void> => {};
    const loopMs = async (): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < 100_000; i += 1) await noop();
      return performance.now() - started;
    };
    // Minimum of several runs: the machine is shared, only the best case is comparable.
    const best = async (): Promise<number> => Math.min(...(await sequence(5, loopMs)));
    await loopMs();
    const before = await best();

    // With one AsyncLocalStorage per object this made unrelated code ~4x slower at 140 sessions
    // and grows with every session; 300 leaves a wide margin between the bug and noise.
    const SESSIONS = 300;
    const rec = new Recorder();
    const prefix = newUid('many');
    for (const batch of range(SESSIONS / 20)) {
      await withTimeout(
        Promise.all(
          range(20).map(async (k) => {
            // One session touched once through its own store and manager, then dropped.
            const p = openProc(`${prefix}:${batch}:${k}`, rec, k);
            await p.manager.fire('ping', { k });
          }),
        ),
        DEADLOCK_MS,
        'touching many sessions',
      );
    }
    const after = await best();
    console.log(
      `[${KIND}] 100000 awaits: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after ${SESSIONS} sessions were ` +
        `touched (and dropped) through their own store and manager: ×${(after / before).toFixed(1)}`,
    );
    const [row] = await queryRows<{ n: number }>(
      at(pools, 0),
      sql`select count(*)::int as n from session_triggers where session_uid like ${`${prefix}:%`} and trigger = 'ping' and fire_count = 1`,
    );
    expect(row?.n).toBe(SESSIONS);
    expect(after / before, 'slowdown of unrelated async code after touching many sessions').toBeLessThan(2.5);
  }, 60_000);
});
