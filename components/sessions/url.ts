import type { SessionFilter } from '@/lib/sessions';

export interface SessionsUrlState {
  q?: string;
  filter?: SessionFilter;
  cursor?: string | null;
}

/** The sessions list's URL: every piece of state in the query string, defaults left out. */
export function sessionsHref({ q, filter, cursor }: SessionsUrlState): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (filter && filter !== 'all') params.set('filter', filter);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/sessions?${query}` : '/sessions';
}

export const FILTER_LABELS: Record<SessionFilter, string> = {
  all: 'All',
  failed: 'Has failed',
  unresolved: 'Has unresolved',
  resolved: 'All resolved',
};

export const FILTER_DESCRIPTIONS: Record<SessionFilter, string> = {
  all: 'every session',
  failed: 'sessions with at least one failed instance',
  unresolved: 'sessions with at least one unresolved task',
  resolved: 'sessions whose tasks are all resolved',
};
