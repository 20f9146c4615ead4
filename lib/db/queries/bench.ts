/**
 * The benchmark's SQL (bench/run.ts, bench/pages.ts). Bulk seeding: sessions shaped like the
 * questionnaire pipeline, written with set-based SQL (generate_series) because a million
 * instances through the engine would take far longer than the measurements themselves. Counters
 * are then derived from the rows, so the data is exactly what PostgresStore would have written.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../client';
import { refreshSessionCounters } from '../maintenance';

export const BENCH_CONFIGURATION = {
  t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
  t_importResponses: { after: ['t_importSubject'], andEvery: 'pageReceived', run: 'importResponses' },
  t_score: { after: ['t_importSubject'], run: 'score', withParams: { scoring: { model: 'v2' } } },
  t_notify: { after: ['t_score'], run: 'notify' },
};

/** One session in FAILING_EVERY has a failed t_score. */
export const FAILING_EVERY = 10;
const BENCH_FIRST = ['Ada', 'Bruno', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kofi'];
const BENCH_LAST = ['Lovelace', 'Brennan', 'Nair', 'Okafor', 'Silva', 'Kowalski', 'Haddad', 'Novak', 'Tanaka', 'Murphy', 'Reyes', 'Schmidt', 'Dubois'];

/** The applicant and order of bench session n (as seeded into its failed t_score), for the search bench. */
export function benchApplicant(g: number): { name: string; email: string; orderId: string } {
  const first = BENCH_FIRST[g % BENCH_FIRST.length] as string;
  const last = BENCH_LAST[g % BENCH_LAST.length] as string;
  const domain = ['example.com', 'mail.example.org', 'example.net'][g % 3] as string;
  return { name: `${first} ${last}`, email: `${first}.${last}`.toLowerCase() + `${g}@${domain}`, orderId: `ORD-${100000 + g}` };
}

/**
 * Seeds `count` sessions named `${prefix}${n}` (n = 1..count). Each has the four tasks above,
 * one t_importSubject, `responses(n)` t_importResponses, a t_score (failed in 1 of FAILING_EVERY sessions,
 * with one of three exception types and realistic
 * messages, kwargs and context) and a t_notify when the score finished. One session in 7
 * keeps its last response unstarted.
 */
export async function seedBenchSessions(
  db: Database,
  prefix: string,
  count: number,
  responses: { min: number; max: number },
): Promise<void> {
  const span = responses.max - responses.min + 1;
  await db.execute(sql`
    insert into sessions (uid, created_at, updated_at)
    select ${prefix} || g, now() - make_interval(secs => g * 3), now() - make_interval(secs => g)
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into session_tasks (session_uid, name, position, run, after, unless, and_every, "using", with_params, extra)
    select ${prefix} || g, t.name, t.position, t.run, t.after::jsonb, '[]'::jsonb, t.and_every, null, t.with_params::jsonb, '{}'::jsonb
    from generate_series(1, ${count}) g
    cross join (values
      ('t_importSubject', 0, 'importSubject', '["firstPageReceived","questionnaireComplete"]', null, '{}'),
      ('t_importResponses', 1, 'importResponses', '["pageReceived","t_importSubject"]', 'pageReceived', '{}'),
      ('t_score', 2, 'score', '["t_importSubject"]', null, '{"scoring":{"model":"v2"}}'),
      ('t_notify', 3, 'notify', '["t_score"]', null, '{}')
    ) as t(name, position, run, after, and_every, with_params)`);
  await db.execute(sql`
    insert into session_triggers (session_uid, trigger, kwargs, fire_count, first_fired_at, last_fired_at)
    select ${prefix} || g, t.trigger, t.kwargs::jsonb, 1, now() - interval '1 hour', now() - interval '1 hour'
    from generate_series(1, ${count}) g
    cross join (values
      ('firstPageReceived', '{"responses":{"q1":"yes"}}'),
      ('questionnaireComplete', '{"pages":4}'),
      ('pageReceived', '{"page":3}'),
      ('t_importSubject', '{"subjectId":42}'),
      ('t_score', '{"score":7.5}')
    ) as t(trigger, kwargs)`);
  // One statement per task keeps each insert simple; `metadata` is a realistic ~400 bytes.
  const stamps = sql`jsonb_build_object('created', to_char(now() - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'lastModified', to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at)
    select ${prefix} || g, 't_importSubject#0', 't_importSubject', 0, 'finished',
           '{"firstPageReceived":{"responses":{"q1":"yes"}},"questionnaireComplete":{"pages":4}}'::jsonb, '[]'::jsonb,
           jsonb_build_object('timestamps', ${stamps}, 'result', jsonb_build_object('subjectId', g), 'logLevel', 20),
           null, null, 0, now() - interval '1 hour', now() - make_interval(secs => g)
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at)
    select ${prefix} || g, 't_importResponses#' || k, 't_importResponses', k,
           case when g % 7 = 0 and k = n - 1 then 'unstarted' else 'finished' end,
           jsonb_build_object('pageReceived', jsonb_build_object('page', k), 't_importSubject', jsonb_build_object('subjectId', g)),
           '[]'::jsonb,
           jsonb_build_object('timestamps', ${stamps}, 'result', jsonb_build_object('rows', k * 3), 'logLevel', 20),
           null, null, 0, now() - interval '1 hour', now() - make_interval(secs => g)
    from generate_series(1, ${count}) g
    cross join lateral (select ${responses.min} + (g * 7919) % ${span} as n) sizes
    cross join lateral generate_series(0, sizes.n - 1) k`);
  // The failures carry what real ones do, for the search: an applicant's name and email and an
  // order id in the kwargs, messages that quote them, and an exception context (benchApplicant).
  const first = sql.raw(`(array[${BENCH_FIRST.map((n) => `'${n}'`).join(',')}])[g % ${BENCH_FIRST.length} + 1]`);
  const last = sql.raw(`(array[${BENCH_LAST.map((n) => `'${n}'`).join(',')}])[g % ${BENCH_LAST.length} + 1]`);
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at, failed_at)
    select ${prefix} || g, 't_score#0', 't_score', 0,
           case when g % ${FAILING_EVERY} = 0 then 'failed' else 'finished' end,
           case when g % ${FAILING_EVERY} = 0
             then jsonb_build_object('t_importSubject', jsonb_build_object('subjectId', g),
                    'questionnaireComplete', jsonb_build_object('pages', 4, 'orderId', a.order_id,
                      'applicant', jsonb_build_object('name', a.first || ' ' || a.last, 'email', a.email, 'phone', '+44 20 7946 ' || lpad((g % 10000)::text, 4, '0'))))
             else '{"t_importSubject":{"subjectId":42}}'::jsonb end,
           '[]'::jsonb,
           case when g % ${FAILING_EVERY} = 0
             then jsonb_build_object('timestamps', ${stamps}, 'exceptionType', (array['TypeError','ValidationError','TimeoutError'])[g % 3 + 1],
                    'exceptionMessage', case (g / ${FAILING_EVERY}) % 4
                      when 0 then 'Payment declined for order ' || a.order_id || ' (card ending ' || lpad((g % 10000)::text, 4, '0') || ')'
                      when 1 then 'Could not deliver the score to ' || a.email || ': mailbox unavailable'
                      when 2 then 'score service rejected subject ' || g || ': questionnaire incomplete (page 3 missing)'
                      else 'Timeout after 30000 ms calling the scoring service for ' || a.first || ' ' || a.last end,
                    'exceptionInfo', 'Error: score service rejected\n    at score (tasks/score.ts:12:11)', 'logLevel', 40,
                    'exceptionContext', jsonb_build_object('orderId', a.order_id, 'attempt', g % 5))
             else jsonb_build_object('timestamps', ${stamps}, 'result', jsonb_build_object('score', 7.5), 'logLevel', 20) end,
           case when g % ${FAILING_EVERY} = 0 then (array['TypeError','ValidationError','TimeoutError'])[g % 3 + 1] end,
           null, 0, now() - interval '1 hour', now() - make_interval(secs => g),
           case when g % ${FAILING_EVERY} = 0 then now() - make_interval(secs => g) end
    from generate_series(1, ${count}) g
    cross join lateral (select ${first} as first, ${last} as last, 'ORD-' || (100000 + g) as order_id) n
    cross join lateral (select n.first, n.last, n.order_id, lower(n.first || '.' || n.last) || g || '@' || (array['example.com','mail.example.org','example.net'])[g % 3 + 1] as email) a`);
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at)
    select ${prefix} || g, 't_notify#0', 't_notify', 0, 'finished', '{"t_score":{"score":7.5}}'::jsonb, '[]'::jsonb,
           jsonb_build_object('timestamps', ${stamps}, 'result', '{}'::jsonb), null, null, 0, now() - interval '1 hour', now() - make_interval(secs => g)
    from generate_series(1, ${count}) g where g % ${FAILING_EVERY} <> 0`);
  // Every counter column from the rows (what PostgresStore maintains incrementally).
  await refreshSessionCounters(db, { uidPrefix: prefix });
  await db.execute(sql`analyze`);
}

/** Databases seeded before failed_at existed: their failures had no failure time to backfill. */
export async function backfillFailedAt(db: Database): Promise<void> {
  await db.execute(sql`update task_instances set failed_at = updated_at where status = 'failed' and failed_at is null`);
}

export async function databaseTotals(db: Database): Promise<{ sessions: number; instances: number; failed: number }> {
  const [totals] = await queryRows<{ sessions: number; instances: number; failed: number }>(
    db,
    sql`select (select count(*)::int from sessions) as sessions, (select count(*)::int from task_instances) as instances,
               (select count(*)::int from task_instances where status = 'failed') as failed`,
  );
  return { sessions: Number(totals?.sessions ?? 0), instances: Number(totals?.instances ?? 0), failed: Number(totals?.failed ?? 0) };
}

/** The raw-SQL baseline a fire is compared with: lock the session row, update one instance. */
export async function baselineWrite(db: Database, uid: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select uid from sessions where uid = ${uid} for update`);
    await tx.execute(sql`update task_instances set metadata = metadata || ${JSON.stringify({ bench: Date.now() })}::jsonb, updated_at = now()
                         where session_uid = ${uid} and name = 't_importSubject#0'`);
  });
}

/**
 * Replaces session `uid` with one whose journal has `events` events: a configuration, then
 * status changes of 2,000 t_page instances, as the engine writes them.
 */
export async function seedLongJournal(db: Database, uid: string, events: number): Promise<void> {
  await db.execute(sql`delete from session_events where session_uid = ${uid}`);
  await db.execute(sql`delete from session_checkpoints where session_uid = ${uid}`);
  await db.execute(sql`delete from sessions where uid = ${uid}`);
  await db.execute(sql`insert into sessions (uid, event_count) values (${uid}, ${events})`);
  const task = { name: 't_page', after: [], andEvery: 'pageReceived', run: 'importResponses', unless: [], using: null, withParams: {}, extra: {} };
  await db.execute(sql`insert into session_events (session_uid, seq, at, kind, actor, data, changes)
    values (${uid}, 1, now(), 'configuration-updated', 'system', '{}'::jsonb, ${JSON.stringify({ tasks: [task] })}::jsonb)`);
  const statuses = ['unstarted', 'scheduled', 'running', 'finished'];
  for (let from = 2; from <= events; from += 20_000) {
    const to = Math.min(events, from + 19_999);
    await db.execute(sql`insert into session_events (session_uid, seq, at, kind, actor, task, instance, data, changes)
      select ${uid}, g, now() - make_interval(secs => ${events} - g), 'instance-status-changed', 'system', 't_page',
             't_page#' || (g % 2000),
             jsonb_build_object('from', 'scheduled', 'to', 'running'),
             jsonb_build_object('instances', jsonb_build_array(jsonb_build_object(
               'name', 't_page#' || (g % 2000), 'task', 't_page',
               'status', (${JSON.stringify(statuses)}::jsonb)->>(g % 4),
               'kwargs', jsonb_build_object('pageReceived', jsonb_build_object('page', g, 'answers', jsonb_build_object('q1', g % 10, 'q2', 'text ' || g))),
               'abandonState', '[]'::jsonb,
               'metadata', jsonb_build_object('timestamps', jsonb_build_object('created', now()::text, 'lastModified', now()::text), 'depth', 0))))
      from generate_series(${from}::int, ${to}::int) as g`);
  }
}
