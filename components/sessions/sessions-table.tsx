import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { StatusCounts } from '@/components/session/status-counts';
import { TimeCell } from '@/components/session/time-cell';
import { sessionHref } from '@/lib/routes';
import type { SessionSummary } from '@/lib/sessions';

const th = 'whitespace-nowrap px-4 py-2.5';
const td = 'px-4 py-2.5 align-top';

/** Sessions by last activity; the uid links to the session. Scrolls sideways on narrow windows. */
export function SessionsTable({ sessions, now }: { sessions: SessionSummary[]; now: Date }) {
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="sessions-table">
          <caption className="sr-only">Sessions, most recent activity first</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className={th}>Session uid</th>
              <th scope="col" className={th}>Last activity ↓</th>
              <th scope="col" className={`${th} text-right`}>Failed</th>
              <th scope="col" className="w-24 px-4 py-2.5 text-right">Unresolved tasks</th>
              <th scope="col" className={th}>Instances by status</th>
              <th scope="col" className={th}>Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {sessions.map((session) => (
              <tr key={session.uid} className="hover:bg-zinc-50">
                <th scope="row" className={`${td} whitespace-nowrap font-normal`}>
                  <Link
                    href={sessionHref(session.uid)}
                    className="font-mono text-[13px] font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900"
                  >
                    {session.uid}
                  </Link>
                </th>
                <td className={`${td} text-zinc-700`}>
                  <TimeCell value={session.updatedAt} now={now} stacked />
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {session.counts.failed > 0 ? (
                    <span className="font-semibold text-red-700">{session.counts.failed}</span>
                  ) : (
                    <span className="text-zinc-400">0</span>
                  )}
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {session.unresolvedTaskCount > 0 ? (
                    <span className="font-medium text-amber-800">
                      {session.unresolvedTaskCount}
                      <span className="text-zinc-400"> / {session.taskCount}</span>
                    </span>
                  ) : (
                    <span className="text-zinc-400">0</span>
                  )}
                </td>
                <td className={`${td} min-w-52`}>
                  <StatusCounts counts={session.counts} />
                </td>
                <td className={`${td} text-zinc-500`}>
                  <TimeCell value={session.createdAt} now={now} relative={false} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
