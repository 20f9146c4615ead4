/**
 * Search (the header's box, /search and the command palette): sessions by uid, instances that
 * failed (still failed, or replayed or skipped since) by uid, name, exception message and — for those who may read them — payloads
 * (kwargs, result, exception context). Ranked tiers (lib/db/queries/search.ts), a snippet with
 * the match for each hit, keyset pages.
 *
 * Privacy: a viewer under HIDE_PAYLOADS_FROM_VIEWERS searches no payload, and a hit on an
 * exception message counts only if the match is still there once the message is redacted as the
 * viewer reads it, so no search finds what the page would hide.
 */
import 'server-only';
import { redactException, type ViewerPrivacy } from '@/lib/auth/payloads';
import type { Database } from '@/lib/db/client';
import { getAppDatabase } from '@/lib/db/app-database';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { SEARCH_MIN_TEXT, searchHits, type SearchHitRow } from '@/lib/db/queries/search';
import type { InstanceStatus } from '@/lib/triggers/types';
import { checkSearchText, snippetAround, type Snippet } from './text';

export { checkSearchText, snippetAround, type Snippet } from './text';

export type MatchedOn = 'uid' | 'name' | 'message' | 'payload';

export interface SearchResult {
  kind: 'session' | 'instance';
  sessionUid: string;
  /** The instance (instances only). */
  name: string | null;
  task: string | null;
  exceptionType: string | null;
  /** The instance's status now: a failure may have been replayed or skipped since (null for sessions). */
  status: InstanceStatus | null;
  matchedOn: MatchedOn;
  /** The text around the match, as this user may read it (null: nothing to show, e.g. an exact uid). */
  snippet: Snippet | null;
  /** The exception message as this user may read it (instances), shown when the match is elsewhere. */
  message: string | null;
  /** The session's last activity, or when the instance failed. */
  at: Date;
}

export type SearchOutcome =
  | { ok: true; text: string; results: SearchResult[]; nextCursor: string | null; cursorReset: boolean; shortText: boolean }
  | { ok: false; message: string };

export interface SearchInput {
  q: string | undefined;
  cursor?: string | null;
  limit?: number;
}

function resultOf(row: SearchHitRow, text: string, privacy: ViewerPrivacy): SearchResult | null {
  const message =
    row.exceptionMessage === null ? null : privacy.hidePayloads ? redactException(row.exceptionMessage, [row.name, row.task]) : row.exceptionMessage;
  const base = { kind: row.kind, sessionUid: row.sessionUid, name: row.name, task: row.task, exceptionType: row.exceptionType, status: row.status as InstanceStatus | null, message, at: row.at };
  switch (row.rank) {
    case 0:
    case 1:
    case 2:
    case 3:
      return { ...base, matchedOn: 'uid', snippet: snippetAround(row.sessionUid, text) };
    case 4: {
      const inMessage = message === null ? null : snippetAround(message, text);
      if (inMessage) return { ...base, matchedOn: 'message', snippet: inMessage };
      const inName = snippetAround(row.name ?? '', text);
      if (inName) return { ...base, matchedOn: 'name', snippet: inName };
      // Matched in the stored message, but not in what this viewer may read: not a hit for them.
      return privacy.hidePayloads ? null : { ...base, matchedOn: 'message', snippet: null };
    }
    default:
      if (privacy.hidePayloads) return null; // never asked for; kept as a second lock
      return { ...base, matchedOn: 'payload', snippet: snippetAround(row.payload ?? '', text) };
  }
}

/** One page of results for what was typed, as `privacy` allows; bad input gets a message, never an exception. */
export async function searchIn(db: Database, input: SearchInput, privacy: ViewerPrivacy): Promise<SearchOutcome> {
  const checked = checkSearchText(input.q);
  if (!checked.ok) return checked;
  const text = checked.text;
  const query = { text, payloads: !privacy.hidePayloads, limit: input.limit };
  let cursorReset = false;
  let page;
  try {
    page = await searchHits(db, { ...query, cursor: input.cursor });
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    cursorReset = true;
    page = await searchHits(db, query);
  }
  const results = page.rows.map((row) => resultOf(row, text, privacy));
  const shown = results.filter((result): result is SearchResult => result !== null);
  return {
    ok: true,
    text,
    results: shown,
    nextCursor: page.nextCursor,
    cursorReset,
    shortText: text.length < SEARCH_MIN_TEXT,
    // How many were dropped is not said: a count would confirm what redaction hides.
  };
}

/** searchIn on the app's database. */
export async function search(input: SearchInput, privacy: ViewerPrivacy): Promise<SearchOutcome> {
  return searchIn(await getAppDatabase(), input, privacy);
}

/** What the command palette lists: where each hit leads, in words. */
export interface JumpTarget {
  kind: 'session' | 'instance';
  sessionUid: string;
  name: string | null;
  status: InstanceStatus | null;
  /** The snippet's text, for the palette's second line. */
  detail: string | null;
}

/** The first few hits, for the command palette (uid and name matches come first by rank). */
export async function jumpTargets(q: string | undefined, privacy: ViewerPrivacy, limit = 8): Promise<JumpTarget[]> {
  const outcome = await search({ q, limit }, privacy);
  if (!outcome.ok) return [];
  return outcome.results.map((result) => ({
    kind: result.kind,
    sessionUid: result.sessionUid,
    name: result.name,
    status: result.status,
    // The uid is the line above already: say what failed instead.
    detail: result.snippet && result.matchedOn !== 'uid' ? `${result.snippet.before}${result.snippet.match}${result.snippet.after}` : result.message,
  }));
}
