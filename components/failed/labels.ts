import type { FailedAge, TriageAssignee, TriageState } from '@/lib/failed/url';

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

export const STATE_LABELS: Record<TriageState, string> = {
  open: 'Unresolved',
  resolved: 'Resolved',
  snoozed: 'Snoozed',
  all: 'All states',
};

export const STATE_DESCRIPTIONS: Record<TriageState, string> = {
  open: 'unresolved',
  resolved: 'resolved',
  snoozed: 'snoozed',
  all: 'all',
};

export const ASSIGNEE_LABELS: Record<TriageAssignee, string> = {
  'mine-or-nobody': 'Assigned to me or nobody',
  mine: 'Assigned to me',
  anyone: 'Assigned to anyone',
};

export const ASSIGNEE_DESCRIPTIONS: Record<TriageAssignee, string> = {
  'mine-or-nobody': 'assigned to you or nobody',
  mine: 'assigned to you',
  anyone: 'assigned to anyone',
};

/** " that are unresolved and assigned to you or nobody" (empty when the triage filter shows every group). */
export function triageDescription(state: TriageState, assignee: TriageAssignee): string {
  const parts = [state === 'all' ? null : STATE_DESCRIPTIONS[state], assignee === 'anyone' ? null : ASSIGNEE_DESCRIPTIONS[assignee]].filter(Boolean);
  return parts.length ? ` that are ${parts.join(' and ')}` : '';
}
