import type { FailedAge, FailedView } from '@/lib/failed';

export interface FailedUrlState {
  task?: string;
  type?: string;
  session?: string;
  age?: FailedAge;
  view?: FailedView;
  limit?: number;
  cursor?: string | null;
}

/** The failed inbox's URL: every piece of state in the query string, defaults left out. */
export function failedHref({ task, type, session, age, view, limit, cursor }: FailedUrlState): string {
  const params = new URLSearchParams();
  if (view && view !== 'list') params.set('view', view);
  if (task) params.set('task', task);
  if (type) params.set('type', type);
  if (session) params.set('session', session);
  if (age) params.set('age', age);
  if (limit) params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/failed?${query}` : '/failed';
}

export const AGE_LABELS: Record<FailedAge, string> = {
  hour: 'Last hour',
  day: 'Last 24 hours',
  week: 'Last 7 days',
  older: 'Older than 7 days',
};

export const AGE_DESCRIPTIONS: Record<FailedAge, string> = {
  hour: 'in the last hour',
  day: 'in the last 24 hours',
  week: 'in the last 7 days',
  older: 'more than 7 days ago',
};
