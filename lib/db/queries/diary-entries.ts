import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/** A diary study's entries to write (lib/demo/scale.ts): `entries` pages of `pageReceived`, `every` seconds apart. */
export interface DiaryEntries {
  uid: string;
  entries: number;
  every: number;
  /** Pages whose number arrived as text: their instance failed with `failure`. */
  malformed: readonly number[];
  /** Of `malformed`: replayed by support (the clone finished); skipped by support. */
  replayed: readonly number[];
  skipped: readonly number[];
  /** Seconds after the registration when support acted on each replayed or skipped page. */
  supportAt: Record<string, number>;
  /** The handler's failure metadata; `{{page}}` in its texts stands for the page number. */
  failure: { type: string; message: string; info: string; context: string };
}

/**
 * Writes a study's entries with set-based SQL, shaped exactly as the engine writes them (kwargs,
 * actualKwargs, result, timestamps, failure metadata, replay clones with their next sequence
 * numbers), the latest kwargs of their triggers, and one journal event that carries them. The
 * registration (t_importSubject#0) must already be there; counters are left to the caller.
 */
export async function insertDiaryEntries(db: Database, input: DiaryEntries): Promise<void> {
  const { uid, entries, every, failure, supportAt } = input;
  const replayedPages = [...input.replayed].sort((a, b) => a - b);
  const ints = (values: readonly number[]) => `{${values.join(',')}}`;
  const iso = (t: string) => sql.raw(`to_char((${t}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

  // The registration's cascade left t_importResponses#0 unstarted, waiting for the first entry:
  // the entries below replace it (entry k is t_importResponses#(k-1)).
  await db.execute(sql`delete from task_instances where session_uid = ${uid} and name = 't_importResponses#0' and status = 'unstarted'`);
  await db.execute(sql`
    with reg as (
      select (i.metadata->'timestamps'->>'finished')::timestamptz as t0,
             (select t.kwargs from session_triggers t where t.session_uid = ${uid} and t.trigger = 't_importSubject') as subject
      from task_instances i where i.session_uid = ${uid} and i.name = 't_importSubject#0'
    ),
    entry as (
      select k, reg.subject,
             reg.t0 + make_interval(secs => k * ${every}) as arrived,
             reg.t0 + make_interval(secs => (${JSON.stringify(supportAt)}::jsonb ->> k::text)::double precision) as support_at,
             k = any(${ints(input.malformed)}::int[]) as bad,
             array_position(${ints(replayedPages)}::int[], k) as replay_rank,
             case when k = any(${ints(input.replayed)}::int[]) then 'replayed'
                  when k = any(${ints(input.skipped)}::int[]) then 'skipped'
                  when k = any(${ints(input.malformed)}::int[]) then 'failed'
                  else 'finished' end as status,
             jsonb_build_object(
               'mood', 1 + (k * 7) % 10,
               'sleepHours', 5 + (k * 3) % 5,
               'note', case when k % 9 = 0 then null
                            else (array['slept well', 'busy day', 'headache in the morning', 'went running', 'stressful meeting', 'quiet weekend'])[1 + k % 6] end
             ) as answers
      from reg, generate_series(1, ${entries}) k
    ),
    shaped as (
      select e.*,
             jsonb_build_object('t_importSubject', e.subject,
               'pageReceived', jsonb_build_object('page', case when e.bad then to_jsonb(k::text) else to_jsonb(k) end, 'answers', e.answers)) as kwargs,
             jsonb_build_object('t_importSubject', e.subject,
               'pageReceived', jsonb_build_object('page', k, 'answers', e.answers)) as fixed_kwargs,
             jsonb_build_object('subjectId', e.subject->'subjectId', 'page', k, 'answered', case when k % 9 = 0 then 2 else 3 end) as result,
             case when k % 9 = 0 then 30 else 0 end as log_level,
             ${iso('e.arrived')} as t_created,
             ${iso("e.arrived + interval '40 milliseconds'")} as t_running,
             ${iso("e.arrived + interval '90 milliseconds'")} as t_ended,
             ${iso('e.support_at')} as t_support,
             ${iso("e.support_at + interval '40 milliseconds'")} as t_clone_running,
             ${iso("e.support_at + interval '90 milliseconds'")} as t_clone_ended
      from entry e
    ),
    originals as (
      select s.*,
        jsonb_build_object('created', t_created, 'unstarted', t_created, 'scheduled', t_created, 'running', t_running)
          || case when bad then jsonb_build_object('failed', t_ended) else jsonb_build_object('finished', t_ended) end
          || case status when 'replayed' then jsonb_build_object('replayed', t_support, 'lastModified', t_support)
                         when 'skipped' then jsonb_build_object('skipped', t_support, 'lastModified', t_support)
                         else jsonb_build_object('lastModified', t_ended) end as stamps
      from shaped s
    ),
    clones as (
      select s.*, ${entries} - 1 + s.replay_rank as seq,
        jsonb_build_object('created', t_support, 'unstarted', t_support, 'scheduled', t_support,
                           'running', t_clone_running, 'finished', t_clone_ended, 'lastModified', t_clone_ended) as stamps
      from shaped s where s.replay_rank is not null
    )
    insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata,
                                exception_type, parent, depth, created_at, updated_at)
    select ${uid}, 't_importResponses#' || (k - 1), 't_importResponses', k - 1, status, kwargs, '[]'::jsonb,
           jsonb_build_object('timestamps', stamps, 'actualKwargs', kwargs, 'logLevel', case when bad then 40 else log_level end)
             || case when bad then jsonb_build_object(
                  'exceptionType', ${failure.type}::text,
                  'exceptionMessage', replace(${failure.message}::text, '{{page}}', k::text),
                  'exceptionInfo', replace(${failure.info}::text, '{{page}}', k::text),
                  'exceptionContext', replace(${failure.context}::text, '{{page}}', k::text)::jsonb)
                else jsonb_build_object('result', result) end
             || case when status = 'skipped' then jsonb_build_object('cascade', false, 'skippedResult', '{}'::jsonb) else '{}'::jsonb end,
           case when bad then ${failure.type}::text end, null, 0,
           (stamps->>'created')::timestamptz, (stamps->>'lastModified')::timestamptz
    from originals
    union all
    select ${uid}, 't_importResponses#' || seq, 't_importResponses', seq, 'finished', fixed_kwargs, '[]'::jsonb,
           jsonb_build_object('parent', 't_importResponses#' || (k - 1), 'depth', 1, 'timestamps', stamps,
                              'actualKwargs', fixed_kwargs, 'result', result, 'logLevel', log_level),
           null, 't_importResponses#' || (k - 1), 1,
           (stamps->>'created')::timestamptz, (stamps->>'lastModified')::timestamptz
    from clones`);

  // Latest kwargs: every entry fired `pageReceived`; every finished instance fired its task's name.
  await db.execute(sql`
    insert into session_triggers (session_uid, trigger, kwargs, fire_count, first_fired_at, last_fired_at)
    select ${uid}, 'pageReceived',
           (array_agg(kwargs->'pageReceived' order by seq desc))[1], count(*), min(created_at), max(created_at)
    from task_instances where session_uid = ${uid} and task = 't_importResponses' and parent is null
    union all
    select ${uid}, 't_importResponses',
           (array_agg(metadata->'result' order by (metadata->'timestamps'->>'finished')::timestamptz desc, seq desc))[1],
           count(*), min((metadata->'timestamps'->>'finished')::timestamptz), max((metadata->'timestamps'->>'finished')::timestamptz)
    from task_instances where session_uid = ${uid} and task = 't_importResponses' and status = 'finished'
    having count(*) > 0
    on conflict (session_uid, trigger) do update set
      kwargs = excluded.kwargs, fire_count = excluded.fire_count,
      first_fired_at = excluded.first_fired_at, last_fired_at = excluded.last_fired_at`);

  // The entries were written in bulk, not by the engine: one journal event carries them, so the
  // journal still rebuilds the session.
  await db.execute(sql`
    with written as (
      select jsonb_build_object(
        'instances', (select jsonb_agg(jsonb_build_object('name', i.name, 'task', i.task, 'status', i.status, 'kwargs', i.kwargs,
                                                          'abandonState', i.abandon_state, 'metadata', i.metadata)
                                       order by i.created_at, i.seq)
                      from task_instances i where i.session_uid = ${uid} and i.task = 't_importResponses'),
        'latestKwargs', (select jsonb_object_agg(t.trigger, t.kwargs) from session_triggers t
                         where t.session_uid = ${uid} and t.trigger in ('pageReceived', 't_importResponses'))) as changes),
    appended as (
      insert into session_events (session_uid, seq, at, kind, actor, task, data, changes)
      select ${uid}, s.event_count + 1, now(), 'state-changed', 'demo seeding', 't_importResponses',
             jsonb_build_object('note', 'diary entries imported in bulk by the demo seeding'), w.changes
      from sessions s, written w where s.uid = ${uid})
    update sessions set event_count = event_count + 1 where uid = ${uid}`);
}
