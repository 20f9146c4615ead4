/**
 * Sessions with thousands of instances, so the dashboard shows what large sessions look like:
 * diary studies, where one participant registers once (the questionnaire workflow, run through
 * the engine by a story) and then sends one diary entry (`pageReceived`) a few times a day for
 * weeks. Each entry makes a t_importResponses instance (`andEvery`), which runs at once because
 * the subject is already imported.
 *
 * Running thousands of entries through the engine would take minutes, so the entries are
 * written with set-based SQL, shaped exactly as the engine writes them (kwargs, actualKwargs,
 * result, timestamps, failure metadata from the real handler, replay clones with their next
 * sequence numbers), and every counter is then derived from the rows.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@/lib/db';
import { refreshSessionCounters } from '@/lib/db/maintenance';
import type { Kwargs, TaskContext, TriggerManager } from '@/lib/triggers';
import { importResponses } from '@/lib/tasks/questionnaire';
import { DAY, HOUR, MINUTE, type DemoSession } from './script';

export interface DiaryStudy {
  uid: string;
  /** Applicant fixture number. */
  n: number;
  entries: number;
  /** Seconds between two entries. */
  every: number;
  /** Entries whose page number arrived as text: their instance failed (ValidationError). */
  malformed: number[];
  /** Of `malformed`: replayed by support with the number fixed (the clone finished). */
  replayed: number[];
  /** Of `malformed`: duplicates, skipped by support. */
  skipped: number[];
  /** Seconds after the last entry when support replayed and skipped. */
  supportAfter: number;
  /** Seconds between the session's last activity and now. */
  endAgo: number;
}

export const DIARY_STUDIES: DiaryStudy[] = [
  {
    uid: 'diary-study:2026-q3-p004',
    n: 204,
    entries: 3_400,
    every: 25 * MINUTE,
    malformed: [611, 1_222, 1_833, 2_444, 3_055, 3_166, 3_301, 3_377],
    replayed: [611, 1_222, 1_833, 2_444, 3_055],
    skipped: [],
    supportAfter: 5 * HOUR,
    endAgo: 2 * DAY + 3 * HOUR,
  },
  {
    uid: 'diary-study:2026-q4-p017',
    n: 217,
    entries: 2_400,
    every: 30 * MINUTE,
    malformed: [],
    replayed: [],
    skipped: [],
    supportAfter: 0,
    endAgo: 25 * MINUTE,
  },
  {
    uid: 'diary-study:2026-q4-p023',
    n: 223,
    entries: 2_050,
    every: 35 * MINUTE,
    malformed: [388, 1_500, 2_001],
    replayed: [],
    skipped: [388, 1_500, 2_001],
    supportAfter: 3 * HOUR,
    endAgo: 9 * HOUR,
  },
];

/** Seconds between two replays or skips by support. */
const SUPPORT_PACE = 40;

/** How long ago the registration (the story told through the engine) must end. */
export function registrationAgo(study: DiaryStudy): number {
  const supportActions = study.replayed.length + study.skipped.length;
  return study.entries * study.every + study.supportAfter + supportActions * SUPPORT_PACE + study.endAgo + MINUTE;
}

/** The failure metadata the real handler produces for an entry whose page is text. */
function malformedPageFailure(manager: TriggerManager): { type: string; message: string; info: string; context: string } {
  const ctx: TaskContext = {
    instanceName: 't_importResponses#0',
    triggerKwargs: { pageReceived: { page: '{{page}}', answers: {} }, t_importSubject: { subjectId: 1 } },
    retries: 0,
    manager,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    skip: () => {
      throw new Error('unexpected skip');
    },
    retry: () => {
      throw new Error('unexpected retry');
    },
  };
  try {
    importResponses(ctx);
  } catch (error) {
    const e = error as Error & { context?: Kwargs };
    // The handler's own frames only: the rest of this stack is the seeding, not a task run.
    const stack = (e.stack ?? e.message).split('\n');
    const info = [stack[0], ...stack.slice(1).filter((line) => line.includes('lib/tasks/'))].join('\n');
    return { type: e.name, message: e.message, info, context: JSON.stringify(e.context ?? {}) };
  }
  throw new Error('importResponses accepted a page given as text; the demo expects it to fail.');
}

/** Adds the diary entries of a study whose registration is already seeded, then the counters. */
export async function addDiaryEntries(db: Database, study: DiaryStudy, session: DemoSession): Promise<void> {
  const { uid, entries, every } = study;
  const failure = malformedPageFailure(session.manager);
  // When support acted on each malformed entry: one after the other, after the last entry.
  const supportAt: Record<string, number> = {};
  [...study.replayed, ...study.skipped]
    .sort((a, b) => a - b)
    .forEach((page, i) => (supportAt[String(page)] = entries * every + study.supportAfter + i * SUPPORT_PACE));
  const replayedPages = [...study.replayed].sort((a, b) => a - b);
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
             k = any(${ints(study.malformed)}::int[]) as bad,
             array_position(${ints(replayedPages)}::int[], k) as replay_rank,
             case when k = any(${ints(study.replayed)}::int[]) then 'replayed'
                  when k = any(${ints(study.skipped)}::int[]) then 'skipped'
                  when k = any(${ints(study.malformed)}::int[]) then 'failed'
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

/** Derives every counter from the rows just written (shared with the benchmark's loader). */
export async function refreshCounters(db: Database, uids: readonly string[]): Promise<void> {
  await refreshSessionCounters(db, { uids });
}
