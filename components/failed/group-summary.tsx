import { TimeCell } from '@/components/session/time-cell';
import { groupStatus, type FailureGroupWithTrend } from '@/lib/failed/group-status';
import { formatDateTime } from '@/lib/format';
import { ExceptionBadge } from './exception-badge';
import { GroupStatusBadge } from './group-status';
import { TrendBars } from './trend-bars';

const stat = 'rounded-md border border-zinc-200 bg-white px-3 py-2';
const statLabel = 'text-xs font-medium uppercase tracking-wide text-zinc-500';

/** A failure group's header: its title, the code that threw, its state, counts and trends. */
export function GroupSummary({ group, now }: { group: FailureGroupWithTrend; now: Date }) {
  const status = groupStatus(group, now);
  return (
    <section className="rounded-lg border border-zinc-200 bg-zinc-50 p-4" aria-labelledby="group-title" data-testid="group-header">
      <div className="flex flex-wrap items-center gap-2">
        <ExceptionBadge type={group.exceptionType} />
        <GroupStatusBadge status={status} />
        <span className="font-mono text-xs text-zinc-600">in {group.task}</span>
        {group.assignee ? <span className="text-xs text-zinc-700" data-testid="group-assignee">Assigned to {group.assignee.name}</span> : <span className="text-xs text-zinc-600">Unassigned</span>}
      </div>
      <h2 id="group-title" className="mt-2 break-words text-lg font-semibold text-zinc-900" data-testid="group-title">
        {group.exceptionType}: {group.template || '(no message)'}
      </h2>
      <p className="mt-1 break-all font-mono text-xs text-zinc-600">{group.frame ? `thrown in ${group.frame}` : 'No in-app stack frame (the message and type identify the group).'}</p>
      {status === 'reopened' && group.reopenedAt ? (
        <p role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="group-reopened">
          Reopened: it failed again at {formatDateTime(group.reopenedAt)} after it had been resolved.
        </p>
      ) : null}
      {status === 'resolved' && group.resolvedAt ? (
        <p className="mt-3 text-sm text-emerald-900">Resolved at {formatDateTime(group.resolvedAt)}. It reopens by itself when it fails again.</p>
      ) : null}
      {status === 'snoozed' ? (
        <p className="mt-3 text-sm text-sky-900" data-testid="group-snoozed">
          Snoozed{group.snoozedUntil && group.snoozedUntil > now ? ` until ${formatDateTime(group.snoozedUntil)}` : ''}
          {group.snoozeUntilCount !== null ? ` until ${group.snoozeUntilCount - group.failureCount} more failure${group.snoozeUntilCount - group.failureCount === 1 ? '' : 's'}` : ''}: left out of the inbox.
        </p>
      ) : null}
      <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
        <div className={stat}>
          <dt className={statLabel}>Failed now</dt>
          <dd className="text-lg font-semibold tabular-nums text-red-700" data-testid="group-count">{group.count}</dd>
        </div>
        <div className={stat}>
          <dt className={statLabel}>Sessions affected</dt>
          <dd className="text-lg font-semibold tabular-nums text-zinc-900" data-testid="group-sessions">{group.sessions}</dd>
        </div>
        <div className={stat}>
          <dt className={statLabel}>Failures recorded</dt>
          <dd className="text-lg font-semibold tabular-nums text-zinc-900" data-testid="group-failure-count">{group.failureCount}</dd>
        </div>
        <div className={stat}>
          <dt className={statLabel}>First seen</dt>
          <dd className="text-zinc-800"><TimeCell value={group.firstSeen} now={now} stacked /></dd>
        </div>
        <div className={stat}>
          <dt className={statLabel}>Last seen</dt>
          <dd className="text-zinc-800"><TimeCell value={group.lastSeen} now={now} stacked /></dd>
        </div>
        <div className={stat}>
          <dt className={statLabel}>Trend</dt>
          <dd className="space-y-1">
            <TrendBars values={group.trend.hourly} period="last 24 hours" bucket="hour" testId="trend-24h" />
            <TrendBars values={group.trend.daily} period="last 7 days" bucket="day" testId="trend-7d" />
          </dd>
        </div>
      </dl>
    </section>
  );
}
