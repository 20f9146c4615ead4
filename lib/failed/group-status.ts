/** A failure group's triage state and trend, as plain data and pure functions (pages and client views share them). */
import type { FailureGroupSummary } from '@/lib/db/queries/failure-groups';

/** Failures per hour over the last 24 hours and per day over the last 7 days, oldest first. */
export interface GroupTrend {
  hourly: number[];
  daily: number[];
}

export type FailureGroupWithTrend = FailureGroupSummary & { trend: GroupTrend };

/** The triage state a group is in, as badges say it. */
export type GroupStatus = 'resolved' | 'snoozed' | 'reopened' | 'open';

export function groupStatus(group: Pick<FailureGroupSummary, 'resolvedAt' | 'reopenedAt' | 'snoozedUntil' | 'snoozeUntilCount' | 'failureCount'>, now: Date): GroupStatus {
  if (group.resolvedAt) return 'resolved';
  if ((group.snoozedUntil && group.snoozedUntil > now) || (group.snoozeUntilCount !== null && group.failureCount < group.snoozeUntilCount)) return 'snoozed';
  if (group.reopenedAt) return 'reopened';
  return 'open';
}
