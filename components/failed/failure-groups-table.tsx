import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { TimeCell } from '@/components/session/time-cell';
import type { FailureGroup } from '@/lib/failed';
import { failedHref, type FailedSearch } from '@/lib/failed/url';
import { BulkFilterForm } from './bulk-filter-form';
import { ExceptionBadge } from './exception-badge';

const th = 'whitespace-nowrap px-4 py-2.5';
const td = 'px-4 py-2.5 align-top';

/** One row per exception type and task, largest first; each links to its instances. */
export function FailureGroupsTable({
  groups,
  search,
  now,
  disabledReason,
}: {
  groups: FailureGroup[];
  search: FailedSearch;
  now: Date;
  /** Why this user's role may not run bulk actions (the buttons are disabled). */
  disabledReason?: string;
}) {
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="failure-groups-table">
          <caption className="sr-only">Failed instances grouped by exception type and task, largest group first</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className={th}>Exception</th>
              <th scope="col" className={th}>Task</th>
              <th scope="col" className={`${th} text-right`}>Failed ↓</th>
              <th scope="col" className={th}>First seen</th>
              <th scope="col" className={th}>Last seen</th>
              <th scope="col" className={th}>
                <span className="sr-only">Instances</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {groups.map((group) => {
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
                          filter={{ task: group.task, type: group.exceptionType, session: search.session, age: search.age }}
                          label="Replay or skip…"
                        disabledReason={disabledReason}
                          accessibleName={`Replay or skip ${group.count === 1 ? 'the failed instance' : `all ${group.count} failed instances`}: ${label}`}
                        />
                      ) : null}
                      <Link
                        href={failedHref({
                          task: group.task,
                          type: group.exceptionType ?? undefined,
                          session: search.session,
                          age: search.age,
                          limit: search.limit,
                        })}
                        aria-label={`Show ${group.count === 1 ? 'the failed instance' : `the ${group.count} failed instances`}: ${label}`}
                        className="rounded-md border border-zinc-300 bg-white px-3 py-1 font-medium text-zinc-700 hover:bg-zinc-50"
                      >
                        Show instances →
                      </Link>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
