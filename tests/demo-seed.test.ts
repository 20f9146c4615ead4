/**
 * The demo data seeded at boot (lib/demo): the variety a support person expects to find is
 * really there, the rows are consistent (counters, timestamps, configuration), seeding runs
 * only on an empty database, and the demo's failures can be recovered through the engine the
 * way support would recover them.
 *
 * Runs on PGlite by default; TEST_DB=postgres TEST_DATABASE_URL=… runs it on a real server.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redactExceptionText } from '@/lib/auth/redact';
import { PostgresStore, queryRows, type Database } from '@/lib/db';
import { seedDemoDataIfEmpty } from '@/lib/demo/seed';
import { DIARY_STUDIES } from '@/lib/demo/scale';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry, QUESTIONNAIRE_WORKFLOW } from '@/lib/tasks';
import { journalDebugRepr, parseConfiguration, replayJournal, type TaskInstance } from '@/lib/triggers';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let db: Database;
let firstRun: { seeded: boolean };
let logLines: string[];
let seedingMs: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const started = performance.now();
  try {
    firstRun = await seedDemoDataIfEmpty(db);
  } finally {
    seedingMs = performance.now() - started;
    logLines = log.mock.calls.map((args) => args.map(String).join(' '));
    log.mockRestore();
  }
  console.log(`demo seeding on ${testDb.kind}: ${Math.round(seedingMs)} ms — ${logLines.join(' | ')}`);
}, 180_000);

afterAll(() => testDb?.close());

const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => queryRows<T>(db, query);

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number | string }>(query);
  return Number(row?.n ?? 0);
}

async function statusCounts(): Promise<Record<string, number>> {
  const result = await rows<{ status: string; n: number | string }>(
    sql`select status, count(*) as n from task_instances group by status`,
  );
  return Object.fromEntries(result.map((r) => [r.status, Number(r.n)]));
}

describe('demo seeding', () => {
  it('journals every session so that replaying its journal rebuilds it exactly (times moved back included)', async () => {
    const uids = (await rows<{ uid: string }>(sql`select uid from sessions order by uid`)).map((r) => r.uid);
    expect(uids.length).toBeGreaterThan(50);
    for (const uid of uids) {
      const store = new PostgresStore(db, uid);
      const events = await store.events();
      expect(events.length, uid).toBeGreaterThan(0);
      expect(journalDebugRepr(replayJournal(events)), uid).toEqual(await store.debugRepr());
    }
  }, 120_000);

  it('seeds about fifty sessions and says so in one [triggerboard] line', async () => {
    expect(firstRun).toEqual({ seeded: true });
    const sessions = await count(sql`select count(*) as n from sessions`);
    expect(sessions).toBeGreaterThanOrEqual(45);
    expect(sessions).toBeLessThanOrEqual(60);
    const line = logLines.filter((l) => l.startsWith('[triggerboard]'));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(new RegExp(`${sessions} sessions and \\d+ task instances seeded in \\d+\\.\\d s`));
    expect(await count(sql`select count(*) as n from sessions where uid like 'questionnaire-2026-11-%'`)).toBeGreaterThan(20);
    expect(await count(sql`select count(*) as n from sessions where uid like 'applicant:%'`)).toBeGreaterThan(5);
  });

  it('has instances in every resolved and unresolved status, and none scheduled or running', async () => {
    const counts = await statusCounts();
    for (const status of ['unstarted', 'finished', 'failed', 'replayed', 'skipped', 'abandoned']) {
      expect(counts[status] ?? 0, status).toBeGreaterThan(0);
    }
    expect(counts.scheduled ?? 0).toBe(0);
    expect(counts.running ?? 0).toBe(0);
  });

  it('has failures of different types waiting for support', async () => {
    const types = await rows<{ exception_type: string; task: string; n: number | string }>(sql`
      select exception_type, task, count(*) as n from task_instances where status = 'failed' group by 1, 2`);
    const byType = (type: string) => types.filter((t) => t.exception_type === type);
    expect(byType('ValidationError').length).toBeGreaterThanOrEqual(3); // several tasks
    expect(byType('TypeError').length).toBeGreaterThan(0);
    expect(byType('MaxRetriesExceeded').map((t) => t.task)).toEqual(['t_syncCrm']);
    // Failed instances keep what support needs to diagnose them.
    expect(
      await count(sql`select count(*) as n from task_instances where status = 'failed' and
        (metadata->>'exceptionMessage' is null or metadata->>'exceptionInfo' is null or (metadata->>'logLevel')::int < 40)`),
    ).toBe(0);
    // Some of them have been read already, one has a ticket.
    expect(await count(sql`select count(*) as n from task_instances where status = 'failed' and metadata->>'logsResolved' = 'true'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from task_instances where metadata->>'ticket' is not null`)).toBeGreaterThan(0);
  });

  it("no exception message repeats the customer's input: each names the field instead", async () => {
    const failures = await rows<{ name: string; task: string; message: string }>(sql`
      select name, task, metadata->>'exceptionMessage' as message from task_instances where metadata ? 'exceptionMessage'`);
    expect(failures.length).toBeGreaterThan(10);
    // Nothing the viewers' redaction would remove (emails, long numbers, quoted values).
    for (const { name, task, message } of failures) expect(redactExceptionText(message, [name, task])).toBe(message);
    // The workflow's schemas (lib/tasks/questionnaire-schemas.ts) name the path, in zod's words.
    const messages = new Set(failures.map((f) => f.message));
    for (const expected of [
      'firstPageReceived.subject.email: Invalid email address',
      'firstPageReceived.subject: Invalid input: expected object, received undefined',
      'pageReceived.page: Invalid input: expected number, received string',
      'questionnaireComplete.scores.teamwork: Invalid input: expected number, received string',
    ]) {
      expect(messages).toContain(expected);
    }
    const [email] = await rows<{ context: { schema: string; issues: unknown } }>(sql`
      select metadata->'exceptionContext' as context from task_instances
      where session_uid = 'questionnaire-2026-11-0431' and name = 't_importSubject#0'`);
    expect(email?.context).toEqual({ schema: 'kwargs', issues: [{ path: 'firstPageReceived.subject.email', message: 'Invalid email address' }] });
  });

  it('has replay lineages of depth 2 and 3, by support and by retry(), and whose leaves finished', async () => {
    const leaves = await rows<{ session_uid: string; name: string; task: string; depth: number; status: string }>(sql`
      select session_uid, name, task, depth, status from task_instances where depth >= 2 and status <> 'replayed'`);
    expect(leaves.some((l) => l.depth === 3 && l.status === 'finished' && l.task === 't_scoreQuestionnaire')).toBe(true);
    expect(leaves.some((l) => l.depth === 2 && l.status === 'finished' && l.task === 't_importSubject')).toBe(true);
    // Every link of every chain exists: the parent is replayed, one level shallower.
    const broken = await count(sql`
      select count(*) as n from task_instances c
      left join task_instances p on p.session_uid = c.session_uid and p.name = c.parent
      where c.parent is not null
        and (p.name is null or p.status <> 'replayed' or p.depth <> c.depth - 1 or p.task <> c.task
             or c.metadata->>'parent' <> c.parent or (c.metadata->>'depth')::int <> c.depth)`);
    expect(broken).toBe(0);
    // t_syncCrm retried itself with a cooldown (UpstreamUnavailableError) before it finished.
    expect(
      await count(sql`select count(*) as n from task_instances where task = 't_syncCrm' and status = 'replayed'
        and exception_type = 'UpstreamUnavailableError' and (metadata->>'cooldown')::int > 0`),
    ).toBeGreaterThan(10);
  });

  it('has skips with and without cascade, a self-skipped reminder and abandoned browser metadata', async () => {
    const cascaded = await rows<{ task: string; result: Record<string, unknown> }>(sql`
      select task, metadata->'skippedResult' as result from task_instances
      where status = 'skipped' and (metadata->>'cascade')::boolean`);
    expect(cascaded.map((c) => c.task).sort()).toEqual(['t_importSubject', 't_scoreQuestionnaire']);
    for (const c of cascaded) expect(Object.keys(c.result).length).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from task_instances where status = 'skipped' and metadata->>'cascade' = 'false'`)).toBeGreaterThan(0);
    // The simulated results cascaded: what depends on the skipped task ran.
    expect(
      await count(sql`select count(*) as n from task_instances i join task_instances s
        on s.session_uid = i.session_uid and s.status = 'skipped' and (s.metadata->>'cascade')::boolean
        where i.task = 't_syncCrm' and i.status = 'finished'`),
    ).toBe(2);
    expect(
      await count(sql`select count(*) as n from task_instances where task = 't_sendReminder' and status = 'skipped' and metadata->>'reason' is not null`),
    ).toBeGreaterThan(5);
    expect(await count(sql`select count(*) as n from task_instances where task = 't_sendReminder' and status = 'finished'`)).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*) as n from task_instances where task = 't_collectBrowserMetadata' and status = 'abandoned' and abandon_state ? 'isEmbeddedApplication'`),
    ).toBeGreaterThanOrEqual(4);
  });

  it('has sessions not finished yet, and unresolved tasks that never got an instance', async () => {
    // Only the first page so far: t_importSubject waits for questionnaireComplete.
    const waiting = await rows<{ session_uid: string }>(sql`
      select session_uid from task_instances
      where name = 't_importSubject#0' and status = 'unstarted' and kwargs ? 'firstPageReceived' and not kwargs ? 'questionnaireComplete'`);
    expect(waiting.length).toBeGreaterThanOrEqual(4);
    const neverRan = await rows<{ name: string }>(sql`select distinct name from session_tasks where instance_count = 0`);
    expect(neverRan.map((t) => t.name)).toEqual(expect.arrayContaining(['t_sendReminder', 't_syncCrm', 't_scoreQuestionnaire']));
  });

  it('spreads activity over two weeks, consistently', async () => {
    const [span] = await rows<{ days: number | string; future: number | string }>(sql`
      select extract(epoch from max(updated_at) - min(updated_at)) / 86400 as days,
             count(*) filter (where updated_at > now() or created_at > updated_at) as future from sessions`);
    expect(Number(span?.days)).toBeGreaterThan(10);
    expect(Number(span?.future)).toBe(0);
    // The columns are copies of metadata.timestamps, and each instance's timestamps are in order.
    expect(
      await count(sql`select count(*) as n from task_instances where
        (metadata->'timestamps'->>'created')::timestamptz <> created_at
        or (metadata->'timestamps'->>'lastModified')::timestamptz <> updated_at
        or created_at > updated_at or updated_at > now()`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from task_instances i, jsonb_each_text(i.metadata->'timestamps') e
        where e.value::timestamptz < i.created_at or e.value::timestamptz > i.updated_at
           or e.value !~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$'`),
    ).toBe(0);
    // A session's last activity is its latest change (the store stamps the session with the
    // transaction's start, a few milliseconds before the engine's clock reading).
    expect(
      await count(sql`select count(*) as n from sessions s
        where s.updated_at < (select max(updated_at) from task_instances i where i.session_uid = s.uid) - interval '1 second'
           or s.created_at > (select min(created_at) from task_instances i where i.session_uid = s.uid)`),
    ).toBe(0);
    // Replays by support happened hours after the failure they fix.
    expect(
      await count(sql`select count(*) as n from task_instances c join task_instances p
        on p.session_uid = c.session_uid and p.name = c.parent
        where c.created_at - (p.metadata->'timestamps'->>'failed')::timestamptz > interval '1 hour'`),
    ).toBeGreaterThan(3);
  });

  it('has diary studies with thousands of instances, shaped like the workflow, with exact counters', async () => {
    const uids = DIARY_STUDIES.map((s) => s.uid);
    for (const uid of uids) {
      expect(await count(sql`select count(*) as n from task_instances where session_uid = ${uid}`), uid).toBeGreaterThanOrEqual(2000);
      const tasks = await rows<Record<string, unknown>>(sql`
        select name, position, run, after, unless, and_every, "using", with_params, extra
        from session_tasks where session_uid = ${uid} order by position`);
      expect(tasks).toEqual(
        parseConfiguration(QUESTIONNAIRE_WORKFLOW).map((t, position) => ({
          name: t.name,
          position,
          run: t.run,
          after: t.after,
          unless: t.unless,
          and_every: t.andEvery,
          using: t.using,
          with_params: t.withParams,
          extra: t.extra,
        })),
      );
      // Sequence numbers are dense per task (what the engine's next instance number relies on).
      expect(
        await count(sql`select count(*) as n from (select task, count(*) c, max(seq) m from task_instances
          where session_uid = ${uid} group by task) t where m <> c - 1`),
      ).toBe(0);
    }
  });

  it('keeps every counter column equal to the rows, in every session', async () => {
    const sessionMismatches = await count(sql`
      select count(*) as n from sessions s
      left join (select session_uid, count(*) n,
                   count(*) filter (where status = 'unstarted') unstarted, count(*) filter (where status = 'scheduled') scheduled,
                   count(*) filter (where status = 'running') running, count(*) filter (where status = 'finished') finished,
                   count(*) filter (where status = 'failed') failed, count(*) filter (where status = 'replayed') replayed,
                   count(*) filter (where status = 'skipped') skipped, count(*) filter (where status = 'abandoned') abandoned
                 from task_instances group by 1) c on c.session_uid = s.uid
      left join (select t.session_uid, count(*) tasks,
                   count(*) filter (where not exists (select 1 from task_instances i where i.session_uid = t.session_uid and i.task = t.name)
                     or exists (select 1 from task_instances i where i.session_uid = t.session_uid and i.task = t.name
                                and i.status in ('unstarted','scheduled','running','failed'))) unresolved
                 from session_tasks t group by 1) t on t.session_uid = s.uid
      where (s.instance_count, s.unstarted_count, s.scheduled_count, s.running_count, s.finished_count, s.failed_count,
             s.replayed_count, s.skipped_count, s.abandoned_count, s.task_count, s.unresolved_task_count)
        is distinct from (coalesce(c.n, 0), coalesce(c.unstarted, 0), coalesce(c.scheduled, 0), coalesce(c.running, 0),
             coalesce(c.finished, 0), coalesce(c.failed, 0), coalesce(c.replayed, 0), coalesce(c.skipped, 0),
             coalesce(c.abandoned, 0), coalesce(t.tasks, 0), coalesce(t.unresolved, 0))`);
    expect(sessionMismatches).toBe(0);
    const taskMismatches = await count(sql`
      select count(*) as n from session_tasks t
      where (t.instance_count, t.unresolved_count) is distinct from (
        (select count(*) from task_instances i where i.session_uid = t.session_uid and i.task = t.name),
        (select count(*) from task_instances i where i.session_uid = t.session_uid and i.task = t.name
           and i.status in ('unstarted','scheduled','running','failed')))`);
    expect(taskMismatches).toBe(0);
  });

  it('seeds nothing when sessions exist', async () => {
    const before = await statusCounts();
    const sessions = await count(sql`select count(*) as n from sessions`);
    expect(await seedDemoDataIfEmpty(db)).toEqual({ seeded: false });
    expect(await count(sql`select count(*) as n from sessions`)).toBe(sessions);
    expect(await statusCounts()).toEqual(before);
  });
});

describe('recovering the demo failures as support would', () => {
  const runtime = () => createEngineRuntime(db, 'inline', { registry: createTaskRegistry() });

  async function instances(uid: string): Promise<Record<string, TaskInstance>> {
    return runtime().managerFor(uid).store.instances();
  }

  it('replays the bad email with a corrected one: the subject is imported and everything cascades', async () => {
    const uid = 'questionnaire-2026-11-0431';
    const engine = runtime();
    const manager = engine.managerFor(uid);
    const failed = await manager.store.instance('t_importSubject#0');
    expect(failed.status).toBe('failed');
    expect(failed.metadata.exceptionType).toBe('ValidationError');
    const first = failed.kwargs.firstPageReceived as { subject: { name: string; email: string } };
    const clone = await manager.replayFailedInstance(failed.name, {
      ...failed.kwargs,
      firstPageReceived: { ...first, subject: { ...first.subject, email: 'maria.gonzalez@example.com' } },
    });
    await engine.inline.drain();

    const after = await instances(uid);
    expect(after[clone.name]?.status).toBe('finished');
    expect(after[clone.name]?.metadata).toMatchObject({ parent: 't_importSubject#0', depth: 1 });
    expect(after['t_importSubject#0']?.status).toBe('replayed');
    const byTask = (task: string) => Object.values(after).filter((i) => i.task === task);
    expect(byTask('t_importResponses').length).toBe(Number(failed.kwargs.questionnaireComplete?.pages));
    expect(byTask('t_importResponses').length).toBeGreaterThanOrEqual(2);
    expect(byTask('t_importResponses').every((i) => i.status === 'finished')).toBe(true);
    expect(byTask('t_scoreQuestionnaire').map((i) => i.status)).toEqual(['finished']);
    expect(byTask('t_syncCrm').at(-1)?.status).toBe('finished');
    expect(Object.values(after).filter((i) => i.status === 'failed' || i.status === 'unstarted')).toEqual([]);
    const [summary] = await rows<{ failed_count: number; unresolved_task_count: number }>(
      sql`select failed_count, unresolved_task_count from sessions where uid = ${uid}`,
    );
    expect(Number(summary?.failed_count)).toBe(0);
    expect(Number(summary?.unresolved_task_count)).toBe(1); // t_sendReminder: no reminder due yet
  });

  it('replays the TypeError with a plain page count', async () => {
    const uid = 'questionnaire-2026-11-0446';
    const engine = runtime();
    const manager = engine.managerFor(uid);
    const failed = await manager.store.instance('t_importSubject#0');
    expect(failed.metadata.exceptionType).toBe('TypeError');
    await manager.replayFailedInstance(failed.name, {
      ...failed.kwargs,
      questionnaireComplete: { ...failed.kwargs.questionnaireComplete, pages: 4 },
    });
    await engine.inline.drain();
    const after = Object.values(await instances(uid));
    expect(after.filter((i) => i.status === 'failed' || i.status === 'unstarted')).toEqual([]);
    expect(after.find((i) => i.task === 't_importSubject' && i.status === 'finished')?.metadata.result).toMatchObject({ pages: 4 });
  });

  it('replays a failed diary entry of a bulk-seeded session: the clone takes the next sequence number', async () => {
    const study = DIARY_STUDIES.find((s) => s.malformed.length > s.replayed.length + s.skipped.length);
    expect(study).toBeDefined();
    const { uid } = study!;
    const engine = runtime();
    const manager = engine.managerFor(uid);
    const failed = (await manager.store.unresolvedInstances()).find((i) => i.status === 'failed');
    expect(failed?.metadata.exceptionType).toBe('ValidationError');
    const total = await count(sql`select count(*) as n from task_instances where session_uid = ${uid} and task = 't_importResponses'`);
    const entry = failed!.kwargs.pageReceived as { page: string; answers: Record<string, unknown> };
    const clone = await manager.replayFailedInstance(failed!.name, {
      ...failed!.kwargs,
      pageReceived: { ...entry, page: Number(entry.page) },
    });
    await engine.inline.drain();
    expect(clone.name).toBe(`t_importResponses#${total}`);
    const done = await manager.store.instance(clone.name);
    expect(done.status).toBe('finished');
    expect(done.metadata.result).toMatchObject({ page: Number(entry.page) });
    // A new entry after all that runs at once (the latest t_importSubject kwargs are there).
    await manager.fire('pageReceived', { page: study!.entries + 1, answers: { mood: 6, sleepHours: 7, note: 'back from holiday' } });
    await engine.inline.drain();
    expect((await manager.store.instance(`t_importResponses#${total + 1}`)).status).toBe('finished');
  });
});
