import type { AuditAction } from '@/lib/audit';

/** What each action is called on screen. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  replay: 'Replay',
  skip: 'Skip',
  'fire-trigger': 'Fire trigger',
  'mark-logs-resolved': 'Mark logs resolved',
  'bulk-start': 'Bulk action started',
  'user-create': 'User created',
  'user-update': 'User changed',
  'group-assign': 'Failure group assigned',
  'group-note': 'Failure group note',
  'group-resolve': 'Failure group resolved',
  'group-unresolve': 'Failure group unresolved',
  'group-snooze': 'Failure group snoozed',
  'group-unsnooze': 'Failure group unsnoozed',
  'session-create': 'Session created',
  'session-configure': 'Session configured',
  'token-create': 'API token created',
  'token-revoke': 'API token revoked',
};

/** The label of a stored action; an action this version does not know shows as it was written. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action as AuditAction] : action;
}
