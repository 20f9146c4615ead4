import type { SessionFilter } from '@/lib/sessions';

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
