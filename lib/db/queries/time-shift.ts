import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';

/** From `since` (ISO) on, the times of session `uid` move back by `shift` seconds (until its next breakpoint). */
export interface TimeShift {
  uid: string;
  since: string;
  shift: number;
}

/** `time` moved back by the shift of the phase it falls in (whole seconds: milliseconds stay exact). */
function warp(uid: SQL, time: SQL): SQL {
  return sql`(${time} - make_interval(secs => (
    select w.shift from warp w where w.uid = ${uid} and w.since <= ${time} order by w.since desc limit 1)))`;
}

/** The same ISO 8601 UTC format as `Date.toISOString()`, which the engine writes. */
function iso(time: SQL): SQL {
  return sql`to_char((${time}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Moves every time of the sessions named in `breakpoints` back (row columns, metadata timestamps,
 * trigger times, journal events and the instances they wrote), each by the shift of the
 * breakpoint it falls after. One UPDATE per table.
 */
export async function shiftSessionTimes(db: Database, breakpoints: readonly TimeShift[]): Promise<void> {
  if (breakpoints.length === 0) return;
  const points = JSON.stringify(breakpoints);
  const warpTable = sql`with warp as (
    select * from jsonb_to_recordset(${points}::jsonb) as w(uid text, since timestamptz, shift double precision))`;
  const inWarp = (uid: SQL) => sql`${uid} in (select uid from warp)`;

  await db.execute(sql`${warpTable}
    update sessions s set
      created_at = ${warp(sql`s.uid`, sql`s.created_at`)},
      updated_at = ${warp(sql`s.uid`, sql`s.updated_at`)}
    where ${inWarp(sql`s.uid`)}`);
  await db.execute(sql`${warpTable}
    update session_triggers t set
      first_fired_at = ${warp(sql`t.session_uid`, sql`t.first_fired_at`)},
      last_fired_at = ${warp(sql`t.session_uid`, sql`t.last_fired_at`)}
    where ${inWarp(sql`t.session_uid`)}`);
  await db.execute(sql`${warpTable}
    update task_instances i set
      created_at = ${warp(sql`i.session_uid`, sql`i.created_at`)},
      updated_at = ${warp(sql`i.session_uid`, sql`i.updated_at`)},
      failed_at = case when i.failed_at is null then null else ${warp(sql`i.session_uid`, sql`i.failed_at`)} end,
      metadata = case when jsonb_typeof(i.metadata->'timestamps') = 'object'
        then jsonb_set(i.metadata, '{timestamps}', (
          select coalesce(jsonb_object_agg(e.key, ${iso(warp(sql`i.session_uid`, sql`e.value::timestamptz`))}), '{}'::jsonb)
          from jsonb_each_text(i.metadata->'timestamps') e))
        else i.metadata end
    where ${inWarp(sql`i.session_uid`)}`);
  // The journal moves with them: each event's time, and the timestamps of the instances it wrote.
  const warpedTimestamps = (uid: SQL, instance: SQL) => sql`case when jsonb_typeof(${instance}->'metadata'->'timestamps') = 'object'
      then jsonb_set(${instance}, '{metadata,timestamps}', (
        select coalesce(jsonb_object_agg(t.key, ${iso(warp(uid, sql`t.value::timestamptz`))}), '{}'::jsonb)
        from jsonb_each_text(${instance}->'metadata'->'timestamps') t))
      else ${instance} end`;
  await db.execute(sql`${warpTable}
    update session_events e set
      at = ${warp(sql`e.session_uid`, sql`e.at`)},
      changes = case when jsonb_typeof(e.changes->'instances') = 'array'
        then jsonb_set(e.changes, '{instances}', (
          select jsonb_agg(${warpedTimestamps(sql`e.session_uid`, sql`x.value`)} order by x.ordinality)
          from jsonb_array_elements(e.changes->'instances') with ordinality x))
        else e.changes end
    where ${inWarp(sql`e.session_uid`)}`);
  // The failure groups of those instances: their first and last failure move with them.
  await db.execute(sql`${warpTable}
    update failure_groups g set first_seen = a.first_seen, last_seen = a.last_seen
    from (select fingerprint, min(failed_at) as first_seen, max(failed_at) as last_seen from task_instances
          where fingerprint in (select fingerprint from task_instances i where ${inWarp(sql`i.session_uid`)} and i.fingerprint is not null)
            and failed_at is not null
          group by fingerprint) a
    where g.fingerprint = a.fingerprint`);
}
