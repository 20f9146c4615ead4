/** The failed inbox's URL state: its filters, view and page in the query string, so a link can go into a ticket. */
import { z } from 'zod';
import { instanceHref } from '@/lib/routes';
import { choiceParam, cursorParam, hrefWithParams, limitParam, textParam } from '@/lib/http/search-params';

/** Age windows of the failed inbox, by when the instance failed. */
export const FAILED_AGES = ['hour', 'day', 'week', 'older'] as const;
export type FailedAge = (typeof FAILED_AGES)[number];

export const FAILED_VIEWS = ['list', 'groups'] as const;
export type FailedView = (typeof FAILED_VIEWS)[number];

/** Failure groups by triage state; the inbox shows 'open' ones (neither resolved nor snoozed) by default. */
export const TRIAGE_STATES = ['open', 'resolved', 'snoozed', 'all'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];
/** Whose failure groups; by default those assigned to the signed-in user or to nobody. */
export const TRIAGE_ASSIGNEES = ['mine-or-nobody', 'mine', 'anyone'] as const;
export type TriageAssignee = (typeof TRIAGE_ASSIGNEES)[number];
export const DEFAULT_TRIAGE_STATE: TriageState = 'open';
export const DEFAULT_TRIAGE_ASSIGNEE: TriageAssignee = 'mine-or-nobody';

export const DEFAULT_FAILED_LIMIT = 50;
export const MAX_FAILED_LIMIT = 200;

/** The failed inbox's URL state (search params are strings; anything invalid falls back). */
export const failedSearchSchema = z.object({
  task: textParam(200),
  type: textParam(200),
  session: textParam(200),
  /** Name, message or payload contains (payloads only for those who may read them). */
  q: textParam(200),
  age: choiceParam(FAILED_AGES),
  view: choiceParam(FAILED_VIEWS),
  state: choiceParam(TRIAGE_STATES),
  assignee: choiceParam(TRIAGE_ASSIGNEES),
  cursor: cursorParam,
  limit: limitParam(MAX_FAILED_LIMIT),
});
export type FailedSearch = z.infer<typeof failedSearchSchema>;

/** The failed inbox's URL: every piece of state in the query string, defaults left out. */
export function failedHref(state: Omit<FailedSearch, 'cursor'> & { cursor?: string | null }): string {
  const { task, type, session, q, age, view, limit, cursor } = state;
  return hrefWithParams('/failed', { view: view === 'list' ? undefined : view, ...triageParams(state), task, type, session, q, age, limit, cursor });
}

/** The triage params of a URL, defaults left out. */
function triageParams(state: Pick<FailedSearch, 'state' | 'assignee'>) {
  return {
    state: state.state === DEFAULT_TRIAGE_STATE ? undefined : state.state,
    assignee: state.assignee === DEFAULT_TRIAGE_ASSIGNEE ? undefined : state.assignee,
  };
}

/** A failure group's page (its instances, with the inbox's filters, and its triage panel). */
export function failureGroupHref(
  fingerprint: string,
  state: Pick<FailedSearch, 'task' | 'session' | 'q' | 'age' | 'limit'> & { cursor?: string | null } = {},
): string {
  const { task, session, q, age, limit, cursor } = state;
  return hrefWithParams(`/failed/groups/${encodeURIComponent(fingerprint)}`, { task, session, q, age, limit, cursor });
}

/**
 * The query param that carries the inbox's filter to an instance page (and on to the next
 * failure): the inbox's own query, without its view, page and page size. Present (even empty:
 * the unfiltered inbox) when the page was opened from the inbox.
 */
export const INBOX_PARAM = 'inbox';

/** The filter part of the inbox's state, as the inbox's query string ('' when unfiltered). */
export function inboxQuery(search: FailedSearch): string {
  const href = failedHref({ ...search, view: undefined, limit: undefined, cursor: undefined });
  return href.includes('?') ? href.slice(href.indexOf('?') + 1) : '';
}

/** Reads a carried filter back (anything invalid in it falls back, as in the inbox's own URL). */
export function parseInboxQuery(query: string): FailedSearch {
  const search = failedSearchSchema.parse(Object.fromEntries(new URLSearchParams(query)));
  return { ...search, view: undefined, limit: undefined, cursor: undefined };
}

/** An instance's page, opened from the inbox under `inbox` (its filter, from inboxQuery). */
export function instanceFromInboxHref(uid: string, name: string, inbox: string | null | undefined): string {
  const href = instanceHref(uid, name);
  return inbox === null || inbox === undefined ? href : `${href}?${new URLSearchParams({ [INBOX_PARAM]: inbox })}`;
}

/**
 * The next-older failure after `uid`/`name` under the carried filter: /failed/next finds it when
 * followed (so the link is never stale) and sends the browser to its page, or back to the inbox.
 */
export function nextFailureHref(inbox: string | null | undefined, uid: string, name: string): string {
  return `/failed/next?${new URLSearchParams({ [INBOX_PARAM]: inbox ?? '', uid, name })}`;
}

/** A carried filter from a page's query or a form field, normalised; null when none was carried. */
export function carriedInbox(value: unknown): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.length > 2000) return null;
  return inboxQuery(parseInboxQuery(text));
}
