/** The failed inbox's URL state: its filters, view and page in the query string, so a link can go into a ticket. */
import { z } from 'zod';
import { choiceParam, cursorParam, hrefWithParams, limitParam, textParam } from '@/lib/http/search-params';

/** Age windows of the failed inbox, by when the instance failed. */
export const FAILED_AGES = ['hour', 'day', 'week', 'older'] as const;
export type FailedAge = (typeof FAILED_AGES)[number];

export const FAILED_VIEWS = ['list', 'groups'] as const;
export type FailedView = (typeof FAILED_VIEWS)[number];

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
  cursor: cursorParam,
  limit: limitParam(MAX_FAILED_LIMIT),
});
export type FailedSearch = z.infer<typeof failedSearchSchema>;

/** The failed inbox's URL: every piece of state in the query string, defaults left out. */
export function failedHref(state: Omit<FailedSearch, 'cursor'> & { cursor?: string | null }): string {
  const { task, type, session, q, age, view, limit, cursor } = state;
  return hrefWithParams('/failed', { view: view === 'list' ? undefined : view, task, type, session, q, age, limit, cursor });
}
