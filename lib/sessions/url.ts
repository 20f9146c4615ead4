/** The sessions list's URL state: search, filter and page in the query string. */
import { z } from 'zod';
import { SESSION_FILTERS, type SessionFilter } from '@/lib/db/queries/sessions';
import { choiceParam, cursorParam, hrefWithParams, textParam } from '@/lib/http/search-params';

/** The sessions list's URL state (search params are strings; anything invalid falls back). */
export const sessionsSearchSchema = z.object({
  /** A uid prefix. */
  q: textParam(200),
  filter: choiceParam(SESSION_FILTERS as [SessionFilter, ...SessionFilter[]]),
  cursor: cursorParam,
});
export type SessionsSearch = z.infer<typeof sessionsSearchSchema>;

/** The sessions list's URL: every piece of state in the query string, defaults left out. */
export function sessionsHref({ q, filter, cursor }: Omit<SessionsSearch, 'cursor'> & { cursor?: string | null }): string {
  return hrefWithParams('/sessions', { q, filter: filter === 'all' ? undefined : filter, cursor });
}
