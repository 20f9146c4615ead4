/**
 * `npm run bench`: seeds a database at scale and prints, measured in one run:
 *  - fire cost on a session with ~10 instances vs one with 10,000 (target ratio <= 1.5);
 *  - fire cost vs a raw-SQL baseline transaction (lock the session row, update one instance; <= 3x);
 *  - p50/p95 of the dashboard's queries (target p95 <= 50 ms at 1M instances);
 *  - p50/p95 of the search (lib/search) over a set of queries: a rare term, a common term, an email,
 *    a name and a uid prefix (target p95 <= 100 ms at 1M instances).
 *
 * Database: BENCH_DATABASE_URL (or TEST_DATABASE_URL) for a real server, where a database named
 * triggerboard_bench_<sessions> is created and reused by later runs (BENCH_FRESH=1 rebuilds it);
 * otherwise an in-memory PGlite at a smaller default scale.
 * Scale: BENCH_SESSIONS (default 100000 on a server, 5000 on PGlite; ~10 instances each),
 * BENCH_LARGE (instances in each large session, default 10000), BENCH_ROUNDS (default 200).
 */
import postgres from 'postgres';
import { closeDatabase, createDatabase, PostgresStore, type Database } from '@/lib/db';
import { SHOW_EVERYTHING } from '@/lib/auth/payloads';
import { backfillFailedAt, baselineWrite, benchApplicant, databaseTotals, FAILING_EVERY, seedBenchSessions, seedLongJournal } from '@/lib/db/queries/bench';
import { listFailedInstances, groupFailedInstances } from '@/lib/db/queries/failed';
import { getInstanceDetail, listTaskInstances } from '@/lib/db/queries/instances';
import { getSessionView } from '@/lib/db/queries/session-view';
import { countSessions, listSessions } from '@/lib/db/queries/sessions';
import { getTimeline, journalLength, snapshotAt } from '@/lib/journal';
import { searchIn } from '@/lib/search';
import { TriggerManager, type TaskRunner } from '@/lib/triggers';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const kind = serverUrl ? 'postgres' : 'pglite';
const sessionCount = Number(process.env.BENCH_SESSIONS ?? (serverUrl ? 100_000 : 5_000));
const largeSize = Number(process.env.BENCH_LARGE ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const SMALL_SESSIONS = 50;
const LARGE_SESSIONS = 5;

/** Accepts every dispatch and runs nothing: the bench measures the fire itself. */
const dispatchOnly: TaskRunner = { name: 'dispatch-only', run: async () => {} };

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function openDatabase(): Promise<{ db: Database; fresh: boolean; close(): Promise<void> }> {
  if (!serverUrl) {
    const db = await createDatabase({ dataDir: 'memory://' });
    return { db, fresh: true, close: () => closeDatabase(db) };
  }
  // v3: failures with realistic messages and kwargs, search indexes over every instance that
  // failed (failed_at set); older databases are not reused.
  const name = `triggerboard_bench_v3_${sessionCount}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    if (process.env.BENCH_FRESH === '1') await admin.unsafe(`drop database if exists ${name}`);
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) await admin.unsafe(`create database ${name}`);
    const db = await createDatabase({ url: url.toString() });
    const seeded = await countSessions(db, { uidPrefix: 'bench-' });
    const complete = seeded === sessionCount + SMALL_SESSIONS + LARGE_SESSIONS;
    if (!complete && seeded > 0) {
      await closeDatabase(db);
      await admin.unsafe(`drop database ${name}`);
      await admin.unsafe(`create database ${name}`);
      const recreated = await createDatabase({ url: url.toString() });
      return { db: recreated, fresh: true, close: () => closeDatabase(recreated) };
    }
    return { db, fresh: !complete, close: () => closeDatabase(db) };
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  console.log(`Triggerboard benchmark on ${kind}: ${sessionCount} sessions (~10 instances each), large sessions of ${largeSize}, ${rounds} rounds`);
  const { db, fresh, close } = await openDatabase();
  try {
    if (fresh) {
      const seeding = await time(async () => {
        await seedBenchSessions(db, 'bench-', sessionCount, { min: 3, max: 11 });
        await seedBenchSessions(db, 'bench-small-', SMALL_SESSIONS, { min: 7, max: 7 });
        await seedBenchSessions(db, 'bench-large-', LARGE_SESSIONS, { min: largeSize - 3, max: largeSize - 3 });
      });
      console.log(`seeded in ${(seeding / 1000).toFixed(1)} s`);
    } else {
      console.log('reusing the seeded database (BENCH_FRESH=1 to rebuild)');
      await backfillFailedAt(db);
    }
    const totals = await databaseTotals(db);
    console.log(`database: ${totals.sessions} sessions, ${totals.instances} instances, ${totals.failed} failed\n`);

    // ---- fire cost: small vs large sessions vs the raw-SQL baseline, interleaved per round
    const managers = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => new TriggerManager(new PostgresStore(db, `${prefix}${i + 1}`), { runner: dispatchOnly }));
    const small = managers('bench-small-', SMALL_SESSIONS);
    // The same sessions through stores that write no journal: what the journal costs a fire.
    const unjournalled = Array.from(
      { length: SMALL_SESSIONS },
      (_, i) => new TriggerManager(new PostgresStore(db, `bench-small-${i + 1}`, { journal: false }), { runner: dispatchOnly }),
    );
    const large = managers('bench-large-', LARGE_SESSIONS);
    const baseline = (uid: string) => baselineWrite(db, uid);
    const samples = { small: [] as number[], large: [] as number[], baseline: [] as number[], noJournal: [] as number[] };
    const warmup = 20;
    for (let round = 0; round < rounds + warmup; round += 1) {
      const s = small[round % small.length] as TriggerManager;
      const l = large[round % large.length] as TriggerManager;
      const tS = await time(() => s.fire('pageReceived', { page: round }));
      const tL = await time(() => l.fire('pageReceived', { page: round }));
      const tB = await time(() => baseline(`bench-small-${(round % SMALL_SESSIONS) + 1}`));
      const tN = await time(() => (unjournalled[round % unjournalled.length] as TriggerManager).fire('pageReceived', { page: round }));
      if (round >= warmup) {
        samples.noJournal.push(tN);
        samples.small.push(tS);
        samples.large.push(tL);
        samples.baseline.push(tB);
      }
    }
    const p50 = (xs: number[]) => quantile(xs, 0.5);
    console.log('fire (andEvery: creates, seeds and schedules one instance)');
    console.log(`  session with ~10 instances      p50 ${ms(p50(samples.small))}  p95 ${ms(quantile(samples.small, 0.95))}`);
    console.log(`  session with ${largeSize} instances  p50 ${ms(p50(samples.large))}  p95 ${ms(quantile(samples.large, 0.95))}`);
    console.log(`  raw SQL baseline (lock + update) p50 ${ms(p50(samples.baseline))}  p95 ${ms(quantile(samples.baseline, 0.95))}`);
    console.log(`  ratio large/small: ${(p50(samples.large) / p50(samples.small)).toFixed(2)} (target <= 1.5)`);
    console.log(`  ratio fire/baseline: ${(p50(samples.small) / p50(samples.baseline)).toFixed(2)} (target <= 3)`);
    console.log(`  same fire without the journal    p50 ${ms(p50(samples.noJournal))}  p95 ${ms(quantile(samples.noJournal, 0.95))}`);
    console.log(`  journal overhead: ${((p50(samples.small) / p50(samples.noJournal) - 1) * 100).toFixed(1)}% (target <= 20%)\n`);

    // ---- dashboard queries
    const uidAt = (i: number) => `bench-${(((i * 7919) % sessionCount) + 1)}`;
    const firstPage = await listSessions(db, { limit: 50 });
    const failedPage = await listFailedInstances(db, {}, { limit: 50 });
    const queries: Array<[string, (i: number) => Promise<unknown>]> = [
      ['sessions list, first page', () => listSessions(db, { limit: 50 })],
      ['sessions list, next page (cursor)', () => listSessions(db, { limit: 50, cursor: firstPage.nextCursor })],
      ['sessions list, has failed', () => listSessions(db, { limit: 50, filter: 'failed' })],
      ['sessions list, has unresolved', () => listSessions(db, { limit: 50, filter: 'unresolved' })],
      ['sessions list, uid prefix search', (i) => listSessions(db, { limit: 50, search: `bench-${(i % 90) + 10}` })],
      ['one session (view: tasks+instances, unresolved, triggers)', (i) => getSessionView(db, uidAt(i))],
      [`one large session (view, ${largeSize} instances)`, (i) => getSessionView(db, `bench-large-${(i % LARGE_SESSIONS) + 1}`)],
      ['task instances page in a large session', (i) => listTaskInstances(db, `bench-large-${(i % LARGE_SESSIONS) + 1}`, 't_importResponses', { cursor: String(5000 + i), limit: 50 })],
      ['one instance (detail + lineage)', (i) => getInstanceDetail(db, uidAt(i), 't_score#0')],
      ['failed inbox, first page', () => listFailedInstances(db, {}, { limit: 50 })],
      ['failed inbox, next page (cursor)', () => listFailedInstances(db, {}, { limit: 50, cursor: failedPage.nextCursor })],
      ['failed inbox, by exception type', () => listFailedInstances(db, { exceptionType: 'ValidationError' }, { limit: 50 })],
      ['failed inbox, by task', () => listFailedInstances(db, { task: 't_score' }, { limit: 50 })],
      ['failed inbox, grouped counts', () => groupFailedInstances(db, {})],
    ];
    console.log('dashboard queries'.padEnd(62) + 'p50'.padStart(10) + 'p95'.padStart(11));
    const queryRounds = Math.max(20, Math.floor(rounds / 2));
    let worstP95 = 0;
    for (const [label, query] of queries) {
      for (let i = 0; i < 5; i += 1) await query(i);
      const xs: number[] = [];
      for (let i = 0; i < queryRounds; i += 1) xs.push(await time(() => query(i)));
      worstP95 = Math.max(worstP95, quantile(xs, 0.95));
      console.log(`  ${label.padEnd(60)}${ms(quantile(xs, 0.5)).padStart(10)}${ms(quantile(xs, 0.95)).padStart(11)}`);
    }
    console.log(`  worst p95: ${ms(worstP95)} (target <= 50 ms at 1M instances)\n`);

    await benchSearch(db, queryRounds);
    await benchJournal(db);
  } finally {
    await close();
  }
}

/** The search's first page (20 hits, snippets included) for five kinds of query, as an operator sees it. */
async function benchSearch(db: Database, rounds: number): Promise<void> {
  // A session with a failed t_score, a different one each round.
  const failing = (i: number) => ((i * 7919) % Math.max(1, Math.floor(sessionCount / FAILING_EVERY)) + 1) * FAILING_EVERY;
  const queries: Array<[string, (i: number) => string]> = [
    ['rare term (an order id)', (i) => benchApplicant(failing(i)).orderId],
    ['common term ("declined": a quarter of the failures)', () => 'declined'],
    ['email (in kwargs, or in the message)', (i) => benchApplicant(failing(i)).email],
    ['name (in kwargs)', (i) => benchApplicant(failing(i)).name],
    // The first 4 digits of a uid: bench-1234 also matches bench-12340…12349 (and bench-123400… at scale).
    ['uid prefix', (i) => `bench-${String(((i * 7919) % sessionCount) + 1).slice(0, 4)}`],
  ];
  console.log('search, first page of 20 (lib/search)'.padEnd(62) + 'p50'.padStart(10) + 'p95'.padStart(11));
  const all: number[] = [];
  for (const [label, text] of queries) {
    for (let i = 0; i < 3; i += 1) await searchIn(db, { q: text(i) }, SHOW_EVERYTHING);
    const xs: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      xs.push(
        await time(async () => {
          const outcome = await searchIn(db, { q: text(i), limit: 20 }, SHOW_EVERYTHING);
          if (!outcome.ok || outcome.results.length === 0) throw new Error(`the search for ${text(i)} found nothing`);
        }),
      );
    }
    all.push(...xs);
    console.log(`  ${label.padEnd(60)}${ms(quantile(xs, 0.5)).padStart(10)}${ms(quantile(xs, 0.95)).padStart(11)}`);
  }
  console.log(`  all search queries: p50 ${ms(quantile(all, 0.5))}, p95 ${ms(quantile(all, 0.95))} (target p95 <= 100 ms at 1M instances)\n`);
}

/**
 * A session with JOURNAL_EVENTS (default 100,000) journal events — status changes of 2,000
 * instances, as the engine writes them — then: the timeline's first page, the first snapshot
 * (which also leaves checkpoints), and snapshots at random events.
 */
async function benchJournal(db: Database): Promise<void> {
  const uid = 'bench-journal-100k';
  const events = Number(process.env.JOURNAL_EVENTS ?? 100_000);
  if ((await journalLength(db, uid)) !== events) {
    const started = performance.now();
    await seedLongJournal(db, uid, events);
    console.log(`journal: seeded a session with ${events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const timeline: number[] = [];
  for (let i = 0; i < 23; i += 1) {
    const t = await time(() => getTimeline(db, uid, {}, { order: 'desc', limit: 50 }));
    if (i >= 3) timeline.push(t);
  }
  const first = await time(() => snapshotAt(db, uid, events));
  const snapshots: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const seq = 1 + Math.floor(Math.random() * events);
    snapshots.push(await time(() => snapshotAt(db, uid, seq)));
  }
  console.log(`session journal (${events} events)`.padEnd(62) + 'p50'.padStart(10) + 'p95'.padStart(11));
  console.log(`  ${'timeline, first page of 50 (with the total)'.padEnd(60)}${ms(quantile(timeline, 0.5)).padStart(10)}${ms(quantile(timeline, 0.95)).padStart(11)}  target <= 300 ms`);
  console.log(`  ${'snapshot at a random event (from a checkpoint)'.padEnd(60)}${ms(quantile(snapshots, 0.5)).padStart(10)}${ms(quantile(snapshots, 0.95)).padStart(11)}  target <= 500 ms`);
  console.log(`  first snapshot of the whole journal (writes the checkpoints): ${ms(first)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
