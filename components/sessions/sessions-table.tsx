import Link from 'next/link';
import type { ReactNode } from 'react';
import { DataTable, monoLink, TABLE_CELLS } from '@/components/ui/data-table';
import { StatusCounts } from '@/components/session/status-counts';
import { TimeCell } from '@/components/session/time-cell';
import { sessionHref } from '@/lib/routes';
import type { SessionSummary } from '@/lib/sessions';

const { td } = TABLE_CELLS.roomy;

const COLUMNS = [
  { label: 'Session uid' },
  { label: 'Last activity ↓' },
  { label: 'Failed', className: 'text-right' },
  { label: 'Unresolved tasks', className: 'w-24 text-right', wrap: true },
  { label: 'Instances by status' },
  { label: 'Created' },
];

/** Sessions by last activity; the uid links to the session. Scrolls sideways on narrow windows. */
export function SessionsTable({ sessions, now, empty }: { sessions: SessionSummary[]; now: Date; empty?: ReactNode }) {
  return (
    <DataTable
      caption="Sessions, most recent activity first"
      columns={COLUMNS}
      density="roomy"
      rows={sessions}
      empty={empty}
      testId="sessions-table"
      renderRow={(session) => (
        <tr key={session.uid} className="hover:bg-zinc-50">
          <th scope="row" className={`${td} whitespace-nowrap font-normal`}>
            <Link href={sessionHref(session.uid)} className={monoLink}>
              {session.uid}
            </Link>
          </th>
          <td className={`${td} text-zinc-700`}>
            <TimeCell value={session.updatedAt} now={now} stacked />
          </td>
          <td className={`${td} text-right tabular-nums`}>
            {session.counts.failed > 0 ? <span className="font-semibold text-red-700">{session.counts.failed}</span> : <span className="text-zinc-500">0</span>}
          </td>
          <td className={`${td} text-right tabular-nums`}>
            {session.unresolvedTaskCount > 0 ? (
              <span className="font-medium text-amber-800">
                {session.unresolvedTaskCount}
                <span className="text-zinc-500"> / {session.taskCount}</span>
              </span>
            ) : (
              <span className="text-zinc-500">0</span>
            )}
          </td>
          <td className={`${td} min-w-52`}>
            <StatusCounts counts={session.counts} />
          </td>
          <td className={`${td} text-zinc-500`}>
            <TimeCell value={session.createdAt} now={now} relative={false} />
          </td>
        </tr>
      )}
    />
  );
}
