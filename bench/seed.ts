/**
 * Bulk seeding for the benchmark: sessions shaped like the questionnaire pipeline, written with
 * set-based SQL (generate_series) because a million instances through the engine would take
 * far longer than the measurements themselves. Counters are then derived from the rows, so the
 * data is exactly what PostgresStore would have written.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@/lib/db';
import { refreshSessionCounters } from '@/lib/db/maintenance';

export const BENCH_CONFIGURATION = {
  t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
  t_importResponses: { after: ['t_importSubject'], andEvery: 'pageReceived', run: 'importResponses' },
  t_score: { after: ['t_importSubject'], run: 'score', withParams: { scoring: { model: 'v2' } } },
  t_notify: { after: ['t_score'], run: 'notify' },
};

/**
 * Seeds `count` sessions named `${prefix}${n}` (n = 1..count). Each has the four tasks above,
 * one t_importSubject, `responses(n)` t_importResponses, a t_score (failed in 1 of 50 sessions,
 * with one of three exception types) and a t_notify when the score finished. One session in 7
 * keeps its last response unstarted.
 */
export async function seedSessions(
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
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at, failed_at)
    select ${prefix} || g, 't_score#0', 't_score', 0,
           case when g % 50 = 0 then 'failed' else 'finished' end,
           '{"t_importSubject":{"subjectId":42}}'::jsonb, '[]'::jsonb,
           case when g % 50 = 0
             then jsonb_build_object('timestamps', ${stamps}, 'exceptionType', (array['TypeError','ValidationError','TimeoutError'])[g % 3 + 1],
                    'exceptionMessage', 'score service rejected subject ' || g, 'exceptionInfo', 'Error: score service rejected\n    at score (tasks/score.ts:12:11)', 'logLevel', 40)
             else jsonb_build_object('timestamps', ${stamps}, 'result', jsonb_build_object('score', 7.5), 'logLevel', 20) end,
           case when g % 50 = 0 then (array['TypeError','ValidationError','TimeoutError'])[g % 3 + 1] end,
           null, 0, now() - interval '1 hour', now() - make_interval(secs => g),
           case when g % 50 = 0 then now() - make_interval(secs => g) end
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, parent, depth, created_at, updated_at)
    select ${prefix} || g, 't_notify#0', 't_notify', 0, 'finished', '{"t_score":{"score":7.5}}'::jsonb, '[]'::jsonb,
           jsonb_build_object('timestamps', ${stamps}, 'result', '{}'::jsonb), null, null, 0, now() - interval '1 hour', now() - make_interval(secs => g)
    from generate_series(1, ${count}) g where g % 50 <> 0`);
  await refreshCounters(db, prefix);
}

/** Derives every counter column from the rows (what PostgresStore maintains incrementally). */
export async function refreshCounters(db: Database, prefix: string): Promise<void> {
  await refreshSessionCounters(db, { uidPrefix: prefix });
  await db.execute(sql`analyze`);
}
