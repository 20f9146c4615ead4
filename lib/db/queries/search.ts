/**
 * Search over sessions (by uid) and instances that failed — still failed, or replayed or skipped
 * since — (by uid, name, exception message, and the payloads: kwargs, result, exception context), served by the trigram indexes of migration
 * `search_trigram`. Results come in rank tiers, newest first within a tier, keyset-paged:
 *
 *  0 the session whose uid is the text · 1 that session's failed instances ·
 *  2 sessions whose uid starts with it · 3 sessions whose uid contains it ·
 *  4 failed instances whose name or message contains it · 5 those whose payload contains it.
 *
 * Tiers 2–5 need at least SEARCH_MIN_TEXT characters (a trigram index cannot narrow less).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../client';
import { decodeCursor, InvalidCursorError, isValidPgTimestamp, toPage, type Page } from './cursor';

export const SEARCH_MIN_TEXT = 3;
export const SEARCH_RANKS = 6;

// Written exactly as in drizzle/0009_search_trigram.sql: an expression index serves only its own
// expression. `table` is how the query names task_instances (an alias, or the table itself).
export function failedTextExpr(table: string): SQL {
  return sql.raw(`(${table}."name" || ' ' || coalesce(${table}."metadata" ->> 'exceptionMessage', ''))`);
}
export function failedPayloadExpr(table: string): SQL {
  return sql.raw(
    `(${table}."kwargs"::text || ' ' || coalesce((${table}."metadata" -> 'result')::text, '') || ' ' || coalesce((${table}."metadata" -> 'exceptionContext')::text, ''))`,
  );
}
const TEXT_EXPR = failedTextExpr('t');
const PAYLOAD_EXPR = failedPayloadExpr('t');

/** `text` as a LIKE pattern matching it anywhere: `%`, `_` and `\` stand for themselves. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface SearchQuery {
  /** The text as typed (trimmed, without NUL: the service checks). */
  text: string;
  /** Search payloads (kwargs, results, exception context): false for viewers who may not read them. */
  payloads: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface SearchHitRow {
  rank: number;
  kind: 'session' | 'instance';
  sessionUid: string;
  /** The instance's name (instances only). */
  name: string | null;
  task: string | null;
  exceptionType: string | null;
  exceptionMessage: string | null;
  /** The instance's status now (failed, replayed, skipped…); null for sessions. */
  status: string | null;
  /** The payload text that matched (tier 5 only). */
  payload: string | null;
  /** The session's last activity, or when the instance failed. */
  at: Date;
}

interface RawHit {
  rank: number;
  session_uid: string;
  name: string | null;
  task: string | null;
  exception_type: string | null;
  message: string | null;
  status: string | null;
  payload: string | null;
  at: string | Date;
  at_text: string;
}

function decodeSearchCursor(cursor: string): [number, string, string, string] {
  const [rank, time, uid, name] = decodeCursor(cursor, 4) as [string, string, string, string];
  if (!/^[0-9]$/.test(rank) || Number(rank) >= SEARCH_RANKS || !isValidPgTimestamp(time)) throw new InvalidCursorError();
  return [Number(rank), time, uid, name];
}

/** One page of hits, best tier first. Throws InvalidCursorError for a cursor it did not make. */
export async function searchHits(db: Database, query: SearchQuery): Promise<Page<SearchHitRow>> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const text = query.text;
  const contains = likeContains(text);
  const arms: SQL[] = [
    sql`select 0 as rank, s.uid as session_uid, null::text as name, null::text as task, null::text as exception_type,
               null::text as message, null::text as status, null::text as payload, s.updated_at as at
        from sessions s where s.uid = ${text}`,
    sql`select 1, t.session_uid, t.name, t.task, t.exception_type, t.metadata ->> 'exceptionMessage', t.status, null::text,
               t.failed_at
        from task_instances t where t.session_uid = ${text} and t.failed_at is not null`,
  ];
  if (text.length >= SEARCH_MIN_TEXT) {
    arms.push(sql`select case when s.uid like ${`${escapeLike(text)}%`} then 2 else 3 end, s.uid, null::text, null::text, null::text,
                         null::text, null::text, null::text, s.updated_at
                  from sessions s where s.uid ilike ${contains} and s.uid <> ${text}`);
    const textMatch = sql`${TEXT_EXPR} ilike ${contains}`;
    const matches = query.payloads ? sql`(${textMatch} or ${PAYLOAD_EXPR} ilike ${contains})` : textMatch;
    arms.push(sql`select case when ${textMatch} then 4 else 5 end, t.session_uid, t.name, t.task, t.exception_type,
                         t.metadata ->> 'exceptionMessage', t.status, case when ${textMatch} then null else ${query.payloads ? PAYLOAD_EXPR : sql`null::text`} end,
                         t.failed_at
                  from task_instances t where t.failed_at is not null and t.session_uid <> ${text} and ${matches}`);
  }
  let after = sql``;
  if (query.cursor) {
    const [rank, time, uid, name] = decodeSearchCursor(query.cursor);
    after = sql`where hits.rank > ${rank}
                   or (hits.rank = ${rank} and (hits.at, hits.session_uid, coalesce(hits.name, '')) < (${time}::timestamptz, ${uid}, ${name}))`;
  }
  const rows = await queryRows<RawHit & Record<string, unknown>>(
    db,
    sql`select hits.*, hits.at::text as at_text
        from (${sql.join(arms, sql` union all `)}) as hits
        ${after}
        order by hits.rank, hits.at desc, hits.session_uid desc, coalesce(hits.name, '') desc
        limit ${limit + 1}`,
  );
  const page = toPage(rows, limit, (row) => [String(row.rank), row.at_text, row.session_uid, row.name ?? '']);
  return {
    nextCursor: page.nextCursor,
    rows: page.rows.map((row) => ({
      rank: Number(row.rank),
      kind: row.name === null ? 'session' : 'instance',
      sessionUid: row.session_uid,
      name: row.name,
      task: row.task,
      exceptionType: row.exception_type,
      exceptionMessage: row.message,
      status: row.status,
      payload: row.payload,
      at: row.at instanceof Date ? row.at : new Date(row.at),
    })),
  };
}
