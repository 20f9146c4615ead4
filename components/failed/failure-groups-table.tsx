import Link from 'next/link';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { TimeCell } from '@/components/session/time-cell';
import { plural } from '@/lib/format';
import type { FormAction } from '@/lib/actions/result';
import type { FailureGroup } from '@/lib/failed';
import { failedHref, type FailedSearch } from '@/lib/failed/url';
import { BulkFilterForm } from './bulk-filter-form';
import { ExceptionBadge } from './exception-badge';

const { td } = TABLE_CELLS.roomy;

const COLUMNS = [
  { label: 'Exception' },
  { label: 'Task' },
  { label: 'Failed ↓', className: 'text-right' },
  { label: 'First seen' },
  { label: 'Last seen' },
  { label: 'Instances', srOnly: true },
];

/** One row per exception type and task, largest first; each links to its instances. */
export function FailureGroupsTable({
  groups,
  search,
  now,
  disabledReason,
  freezeAction,
}: {
  groups: FailureGroup[];
  search: FailedSearch;
  now: Date;
  /** Freezes a group into a bulk operation (the inbox's server action). */
  freezeAction: FormAction;
  /** Why this user's role may not run bulk actions (the buttons are disabled). */
  disabledReason?: string;
}) {
  return (
    <DataTable
      caption="Failed instances grouped by exception type and task, largest group first"
      columns={COLUMNS}
      density="roomy"
      rows={groups}
      testId="failure-groups-table"
      renderRow={(group) => {
        const label = `${group.exceptionType ?? 'no exception type'} in ${group.task}`;
        return (
          <tr key={`${group.exceptionType ?? ''}\u0000${group.task}`} className="hover:bg-zinc-50" data-testid="failure-group">
            <th scope="row" className={`${td} font-normal`}>
              <ExceptionBadge type={group.exceptionType} />
            </th>
            <td className={`${td} whitespace-nowrap font-mono text-[13px] text-zinc-900`}>{group.task}</td>
            <td className={`${td} text-right font-semibold tabular-nums text-red-700`} data-testid="group-count">
              {group.count}
            </td>
            <td className={`${td} text-zinc-700`}>
              <TimeCell value={group.firstSeen} now={now} stacked />
            </td>
            <td className={`${td} text-zinc-700`}>
              <TimeCell value={group.lastSeen} now={now} stacked />
            </td>
            <td className={`${td} whitespace-nowrap text-right`}>
              <div className="flex flex-wrap items-center justify-end gap-2">
                {group.exceptionType ? (
                  <BulkFilterForm
                    action={freezeAction}
                    filter={{ task: group.task, type: group.exceptionType, session: search.session, q: search.q, age: search.age }}
                    label="Replay or skip…"
                    disabledReason={disabledReason}
                    accessibleName={`Replay or skip ${group.count === 1 ? 'the failed instance' : `all ${group.count} failed instances`}: ${label}`}
                  />
                ) : null}
                <Link
                  href={failedHref({ task: group.task, type: group.exceptionType ?? undefined, session: search.session, q: search.q, age: search.age, limit: search.limit })}
                  // The name starts with the visible text (WCAG 2.5.3), then says which group.
                  aria-label={`Show instances: ${plural(group.count, 'failed instance')} of ${label}`}
                  className="rounded-md border border-zinc-300 bg-white px-3 py-1 font-medium text-zinc-700 hover:bg-zinc-50"
                >
                  Show instances →
                </Link>
              </div>
            </td>
          </tr>
        );
      }}
    />
  );
}
