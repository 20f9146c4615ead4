import 'server-only';
import { z } from 'zod';
import { redactException, type ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppDatabase } from '@/lib/db/app-database';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import {
  groupFailedInstances,
  listFailedInstances,
  type FailedFilter,
  type FailedInstanceRow,
  type FailureGroup,
} from '@/lib/db/queries/failed';

export type { FailedInstanceRow, FailureGroup };

/** Age windows of the failed inbox, by when the instance failed. */
export const FAILED_AGES = ['hour', 'day', 'week', 'older'] as const;
export type FailedAge = (typeof FAILED_AGES)[number];

export const FAILED_VIEWS = ['list', 'groups'] as const;
export type FailedView = (typeof FAILED_VIEWS)[number];

export const DEFAULT_FAILED_LIMIT = 50;
export const MAX_FAILED_LIMIT = 200;

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

// An empty form field arrives as "": treat it as absent.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || undefined)
    .optional()
    .catch(undefined);

/** The failed inbox's URL state (search params are strings; anything invalid falls back). */
export const failedSearchSchema = z.object({
  task: text(200),
  type: text(200),
  session: text(200),
  age: z.enum(FAILED_AGES).optional().catch(undefined),
  view: z.enum(FAILED_VIEWS).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(MAX_FAILED_LIMIT).optional().catch(undefined),
});
export type FailedSearch = z.infer<typeof failedSearchSchema>;

export interface FailedInbox {
  /** One page of failed instances (empty in the grouped view). */
  rows: FailedInstanceRow[];
  nextCursor: string | null;
  /** Groups matching the filters: the grouped view, the filtered total and the group count. */
  groups: FailureGroup[];
  /** Failed instances matching the filters (all pages). */
  total: number;
  /** Every failed instance, ignoring filters (tells "nothing failed" from "nothing matches"). */
  totalUnfiltered: number;
  /** Task names and exception types that have failures, for the filter selects. */
  tasks: string[];
  exceptionTypes: string[];
  /** The cursor in the URL was not valid: the first page is shown instead. */
  cursorReset: boolean;
}

/** PostgreSQL text cannot hold NUL: such a filter matches nothing. */
const hasNul = (...texts: (string | undefined)[]): boolean => texts.some((t) => t?.includes('\u0000'));

const sum = (groups: FailureGroup[]) => groups.reduce((total, group) => total + group.count, 0);
const distinct = (values: (string | null)[]) =>
  [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));

/** Rows as this user may read them: exception messages redacted for viewers when so configured. */
function shownRows(rows: FailedInstanceRow[], privacy: ViewerPrivacy): FailedInstanceRow[] {
  if (!privacy.hidePayloads) return rows;
  return rows.map((row) => ({ ...row, exceptionMessage: row.exceptionMessage && redactException(row.exceptionMessage, [row.name, row.task]) }));
}

/** Everything the failed inbox shows for the given URL state, as `privacy` allows. */
export async function getFailedInbox(search: FailedSearch, privacy: ViewerPrivacy, now: Date = new Date()): Promise<FailedInbox> {
  const db = await getAppDatabase();
  const all = await groupFailedInstances(db);
  const options = {
    tasks: distinct(all.map((g) => g.task)),
    exceptionTypes: distinct(all.map((g) => g.exceptionType)),
    totalUnfiltered: sum(all),
  };
  if (hasNul(search.task, search.type, search.session)) {
    return { rows: [], nextCursor: null, groups: [], total: 0, cursorReset: false, ...options };
  }
  const filter: FailedFilter = {
    task: search.task,
    exceptionType: search.type,
    session: search.session,
    ...ageBounds(search.age, now),
  };
  const groups = await groupFailedInstances(db, filter);
  const base = { groups, total: sum(groups), ...options };
  if (search.view === 'groups') return { rows: [], nextCursor: null, cursorReset: false, ...base };

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
