/** The failed inbox's URL state: its filters, view and page in the query string, so a link can go into a ticket. */
import { z } from 'zod';
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
