import 'server-only';
import { redactException, type ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppDatabase } from '@/lib/db/app-database';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import {
  failedTextCandidates,
  groupFailedInstances,
  listFailedInstances,
  nextFailedInstance,
  type FailedFilter,
  type FailedInstanceRow,
  type FailureGroup,
  type InstanceKey,
} from '@/lib/db/queries/failed';
import type { Database } from '@/lib/db/client';
import { listFailureGroups, MAX_GROUPS } from '@/lib/db/queries/failure-groups';
import { hasNul } from '@/lib/http/route-params';
import { ensureFingerprints, triageFilterOf, withTrends, type FailureGroupWithTrend } from './groups';
import { DEFAULT_FAILED_LIMIT, type FailedAge, type FailedSearch } from './url';

export type { FailedInstanceRow, FailureGroup, FailureGroupWithTrend, InstanceKey };
export { MAX_GROUPS };

const HOUR_MS = 3_600_000;

/** Turns an age window into the query's since/until bounds, relative to `now`. */
export function ageBounds(age: FailedAge | undefined, now: Date): Pick<FailedFilter, 'since' | 'until'> {
  switch (age) {
    case 'hour':
      return { since: new Date(now.getTime() - HOUR_MS) };
    case 'day':
      return { since: new Date(now.getTime() - 24 * HOUR_MS) };
    case 'week':
      return { since: new Date(now.getTime() - 7 * 24 * HOUR_MS) };
    case 'older':
      return { until: new Date(now.getTime() - 7 * 24 * HOUR_MS) };
    default:
      return {};
  }
}

export interface FailedInbox {
  /** One page of failed instances (empty in the grouped view). */
  rows: FailedInstanceRow[];
  nextCursor: string | null;
  /** Failure groups (by fingerprint) matching the filters, with their trend in the grouped view. */
  groups: FailureGroupWithTrend[];
  /** Failed instances matching the filters (all pages). */
  total: number;
  /** Every failed instance, ignoring filters (tells "nothing failed" from "nothing matches"). */
  totalUnfiltered: number;
  /** Task names and exception types that have failures, for the filter selects. */
  tasks: string[];
  exceptionTypes: string[];
  /** The cursor in the URL was not valid: the first page is shown instead. */
  cursorReset: boolean;
  /**
   * A viewer's text filter matched more failures than can be checked against what they may read
   * (VIEWER_TEXT_CANDIDATES): nothing is shown; they should narrow it.
   */
  textTooCommon?: boolean;
}

const sum = (groups: FailureGroup[]) => groups.reduce((total, group) => total + group.count, 0);
const distinct = (values: (string | null)[]) =>
  [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));

/** Rows as this user may read them: exception messages redacted for viewers when so configured. */
function shownRows(rows: FailedInstanceRow[], privacy: ViewerPrivacy): FailedInstanceRow[] {
  if (!privacy.hidePayloads) return rows;
  return rows.map((row) => ({ ...row, exceptionMessage: row.exceptionMessage && redactException(row.exceptionMessage, [row.name, row.task]) }));
}

/** Who looks (the triage filter's "assigned to me"), and an optional failure group to narrow to. */
export interface InboxScope {
  userId: string;
  fingerprint?: string;
}

/** The query's filter for the inbox's URL state, as this user may search it. */
function filterOf(search: FailedSearch, privacy: ViewerPrivacy, now: Date, scope: InboxScope): FailedFilter {
  return {
    task: search.task,
    exceptionType: search.type,
    session: search.session,
    contains: search.q,
    containsPayloads: !privacy.hidePayloads,
    ...ageBounds(search.age, now),
    // A group's own page shows its instances whatever its triage state.
    ...(scope.fingerprint ? { fingerprint: scope.fingerprint } : { triage: triageFilterOf(search, scope.userId, now) }),
  };
}

/** At most this many failures are read to narrow a viewer's text filter to what they may read. */
export const VIEWER_TEXT_CANDIDATES = 5_000;

/**
 * The filter as this user may search it. A viewer who reads redacted messages must not find a
 * failure by what redaction hides (an email, a number, a quoted value, or any piece of one): their
 * text filter keeps only the failures whose name or message *as they read it* contains the text,
 * as an explicit list (so counts, groups and pages agree). Null: too many candidates to check.
 */
async function readableFilter(db: Database, filter: FailedFilter, privacy: ViewerPrivacy): Promise<FailedFilter | null> {
  if (!privacy.hidePayloads || !filter.contains) return filter;
  const candidates = await failedTextCandidates(db, filter, VIEWER_TEXT_CANDIDATES);
  if (candidates.length > VIEWER_TEXT_CANDIDATES) return null;
  const text = filter.contains.toLowerCase();
  const readable = candidates.filter(
    (c) => c.name.toLowerCase().includes(text) || (c.exceptionMessage !== null && redactException(c.exceptionMessage, [c.name, c.task]).toLowerCase().includes(text)),
  );
  return { ...filter, contains: undefined, instances: readable.map(({ sessionUid, name }) => ({ sessionUid, name })) };
}

/**
 * The failure to work next after `after` (just replayed, skipped or read) under the inbox's
 * filter: the next-older failed instance, or null when none is left below it.
 */
export async function findNextFailure(
  search: FailedSearch,
  after: InstanceKey,
  privacy: ViewerPrivacy,
  scope: InboxScope,
  now: Date = new Date(),
): Promise<InstanceKey | null> {
  if (hasNul(search.task, search.type, search.session, search.q, after.sessionUid, after.name)) return null;
  const db = await getAppDatabase();
  const filter = await readableFilter(db, filterOf(search, privacy, now, scope), privacy);
  return filter ? nextFailedInstance(db, filter, after) : null;
}

/** Everything the failed inbox shows for the given URL state, as `privacy` allows. */
export async function getFailedInbox(
  search: FailedSearch,
  privacy: ViewerPrivacy,
  now: Date = new Date(),
  scope: InboxScope = { userId: '' },
): Promise<FailedInbox> {
  const db = await getAppDatabase();
  await ensureFingerprints(db);
  const all = await groupFailedInstances(db);
  const options = {
    tasks: distinct(all.map((g) => g.task)),
    exceptionTypes: distinct(all.map((g) => g.exceptionType)),
    totalUnfiltered: sum(all),
  };
  const nul = hasNul(search.task, search.type, search.session, search.q);
  const filter = nul ? null : await readableFilter(db, filterOf(search, privacy, now, scope), privacy);
  if (!filter) {
    return { rows: [], nextCursor: null, groups: [], total: 0, cursorReset: false, textTooCommon: !nul, ...options };
  }
  const [byType, fingerprinted] = await Promise.all([groupFailedInstances(db, filter), listFailureGroups(db, filter)]);
  const grouped = search.view === 'groups' && !scope.fingerprint;
  const groups = grouped ? await withTrends(db, fingerprinted, now) : fingerprinted.map((g) => ({ ...g, trend: { hourly: [], daily: [] } }));
  const base = { groups, total: sum(byType), ...options };
  if (grouped) return { rows: [], nextCursor: null, cursorReset: false, ...base };

  const limit = search.limit ?? DEFAULT_FAILED_LIMIT;
  try {
    const page = await listFailedInstances(db, filter, { cursor: search.cursor, limit });
    return { rows: shownRows(page.rows, privacy), nextCursor: page.nextCursor, cursorReset: false, ...base };
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    const page = await listFailedInstances(db, filter, { limit });
    return { rows: shownRows(page.rows, privacy), nextCursor: page.nextCursor, cursorReset: true, ...base };
  }
}
