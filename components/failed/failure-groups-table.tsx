import Link from 'next/link';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { TimeCell } from '@/components/session/time-cell';
import { plural } from '@/lib/format';
import type { FormAction } from '@/lib/actions/result';
import { groupStatus, type FailureGroupWithTrend } from '@/lib/failed/group-status';
import { failureGroupHref, type FailedSearch } from '@/lib/failed/url';
import { BulkFilterForm } from './bulk-filter-form';
import { ExceptionBadge } from './exception-badge';
import { GroupStatusBadge } from './group-status';
import { TrendBars } from './trend-bars';

const { td } = TABLE_CELLS.roomy;

const COLUMNS = [
  { label: 'Failure' },
  { label: 'Failed ↓ · sessions', className: 'text-right' },
  { label: 'Last seen · first seen' },
  { label: 'Trend: 24 h · 7 days' },
  { label: 'Actions', srOnly: true },
];


/**
 * One row per failure group (fingerprint: exception type, normalised message, top in-app frame),
 * most failed instances first; each opens its group page.
 */
export function FailureGroupsTable({
  groups,
  search,
  now,
  disabledReason,
  freezeAction,
}: {
  groups: FailureGroupWithTrend[];
  search: FailedSearch;
  now: Date;
  /** Freezes a group into a bulk operation (the inbox's server action). */
  freezeAction: FormAction;
  /** Why this user's role may not run bulk actions (the buttons are disabled). */
  disabledReason?: string;
}) {
  const filters = { task: search.task, session: search.session, q: search.q, age: search.age, limit: search.limit };
  return (
    <DataTable
      caption="Failures grouped by fingerprint (exception type, message with ids and values left out, and the code that threw), most failed instances first"
      columns={COLUMNS}
      density="roomy"
      rows={groups}
      testId="failure-groups-table"
      renderRow={(group) => {
        const label = `${group.exceptionType} in ${group.task}`;
        return (
          <tr key={group.fingerprint} className="align-top hover:bg-zinc-50" data-testid="failure-group" data-fingerprint={group.fingerprint}>
            <th scope="row" className={`${td} max-w-xl font-normal`}>
              <div className="flex flex-wrap items-center gap-2">
                <span data-testid="group-type">
                  <ExceptionBadge type={group.exceptionType} />
                </span>
                <GroupStatusBadge status={groupStatus(group, now)} />
                {group.assignee ? (
                  <span className="text-xs text-zinc-600" data-testid="group-assignee">
                    Assigned to {group.assignee.name}
                  </span>
                ) : null}
              </div>
              <Link
                href={failureGroupHref(group.fingerprint, filters)}
                className="mt-1 block break-words text-sm font-medium text-zinc-900 underline-offset-4 hover:underline"
                data-testid="group-title"
              >
                {group.template || '(no message)'}
              </Link>
              <p className="mt-0.5 break-all font-mono text-xs text-zinc-600">
                in <span data-testid="group-task">{group.task}</span>
                {group.frame ? ` · ${group.frame}` : ''}
              </p>
            </th>
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
              <span className="block font-semibold text-red-700" data-testid="group-count">
                {group.count}
              </span>
              <span className="block text-xs text-zinc-600">
                in <span data-testid="group-sessions">{group.sessions}</span> session{group.sessions === 1 ? '' : 's'}
              </span>
            </td>
            <td className={`${td} text-zinc-700`}>
              <TimeCell value={group.lastSeen} now={now} stacked />
              <p className="mt-1 text-xs text-zinc-600">
                first <TimeCell value={group.firstSeen} now={now} />
              </p>
            </td>
            <td className={`${td} whitespace-nowrap`}>
              <div className="flex flex-col gap-1">
                <TrendBars values={group.trend.hourly} period="last 24 hours" bucket="hour" testId="trend-24h" />
                <TrendBars values={group.trend.daily} period="last 7 days" bucket="day" testId="trend-7d" />
              </div>
            </td>
            <td className={`${td} text-right`}>
              <div className="flex flex-col items-end gap-2">
                <BulkFilterForm
                  action={freezeAction}
                  filter={{ type: group.exceptionType, fingerprint: group.fingerprint, session: search.session, q: search.q, age: search.age, task: search.task }}
                  label="Replay or skip…"
                  disabledReason={disabledReason}
                  accessibleName={`Replay or skip ${group.count === 1 ? 'the failed instance' : `all ${group.count} failed instances`}: ${label}`}
                />
                <Link
                  href={failureGroupHref(group.fingerprint, filters)}
                  aria-label={`Open group: ${plural(group.count, 'failed instance')} of ${label}`}
                  className="whitespace-nowrap rounded-md border border-zinc-300 bg-white px-3 py-1 font-medium text-zinc-700 hover:bg-zinc-50"
                >
                  Open group →
                </Link>
              </div>
            </td>
          </tr>
        );
      }}
    />
  );
}
