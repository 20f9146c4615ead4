import type { AuditAction } from '@/lib/audit';

export interface AuditUrlState {
  actor?: string;
  action?: AuditAction;
  session?: string;
  instance?: string;
  outcome?: 'ok' | 'error';
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string | null;
}

/** The audit page's URL: every piece of state in the query string (URL-encoded), defaults left out. */
export function auditHref({ actor, action, session, instance, outcome, from, to, limit, cursor }: AuditUrlState): string {
  const params = new URLSearchParams();
  if (actor) params.set('actor', actor);
  if (action) params.set('action', action);
  if (session) params.set('session', session);
  if (instance) params.set('instance', instance);
  if (outcome) params.set('outcome', outcome);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (limit) params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/audit?${query}` : '/audit';
}

/** What each action is called on screen. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  replay: 'Replay',
  skip: 'Skip',
  'fire-trigger': 'Fire trigger',
  'mark-logs-resolved': 'Mark logs resolved',
  'bulk-start': 'Bulk action started',
  'user-create': 'User created',
  'user-update': 'User changed',
};

/** The label of a stored action; an action this version does not know shows as it was written. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action as AuditAction] : action;
}
