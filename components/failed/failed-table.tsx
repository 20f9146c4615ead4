import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { TimeCell } from '@/components/session/time-cell';
import { instanceHref, sessionHref } from '@/lib/routes';
import type { FailedInstanceRow } from '@/lib/failed';
import { ExceptionBadge } from './exception-badge';

const th = 'whitespace-nowrap px-3 py-2.5 first:pl-4 last:pr-4';
const td = 'px-3 py-2.5 align-top first:pl-4 last:pr-4';
const link = 'font-mono text-[13px] font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

/**
 * Failed instances, newest failure first. Scrolls sideways on narrow windows. Each row has a
 * checkbox (name "instance", value the JSON pair [uid, name]) for the enclosing BulkSelection form.
 */
export function FailedTable({ rows, now }: { rows: FailedInstanceRow[]; now: Date }) {
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="failed-table">
          <caption className="sr-only">Failed task instances, newest failure first</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className={`${th} w-10`}>
                <input type="checkbox" data-select-all aria-label="Select every instance on this page" className="size-4 align-middle" />
              </th>
              <th scope="col" className={th} title="When the instance failed (a later note or logs-read mark does not change it)">
                Failed at ↓
              </th>
              <th scope="col" className={th}>Instance</th>
              <th scope="col" className={th}>Session uid</th>
              <th scope="col" className={th}>Exception</th>
              <th scope="col" className={th}>Message</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((row) => (
              <tr key={`${row.sessionUid}\u0000${row.name}`} className="hover:bg-zinc-50 has-[:checked]:bg-sky-50" data-testid="failed-row">
                <td className={`${td} w-10`}>
                  <input
                    type="checkbox"
                    name="instance"
                    value={JSON.stringify([row.sessionUid, row.name])}
                    aria-label={`Select ${row.name} of ${row.sessionUid}`}
                    className="size-4 align-middle"
                  />
                </td>
                <td className={`${td} text-zinc-700`}>
                  <TimeCell value={row.failedAt} now={now} stacked />
                </td>
                <th scope="row" className={`${td} whitespace-nowrap font-normal`}>
                  <Link href={instanceHref(row.sessionUid, row.name)} className={link}>
                    {row.name}
                  </Link>
                  <span className="block text-xs text-zinc-500">
                    task <span className="font-mono">{row.task}</span>
                  </span>
                  {row.depth > 0 ? (
                    <span
                      className="mt-1 inline-flex rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-inset ring-violet-200"
                      title={`A replay or retry${row.parent ? ` of ${row.parent}` : ''} that failed again`}
                      data-testid="clone-depth"
                    >
                      clone #{row.depth}
                    </span>
                  ) : null}
                </th>
                <td className={`${td} whitespace-nowrap`}>
                  <Link href={sessionHref(row.sessionUid)} className={link}>
                    {row.sessionUid}
                  </Link>
                </td>
                <td className={td}>
                  <ExceptionBadge type={row.exceptionType} />
                </td>
                <td className={`${td} min-w-56`}>
                  {row.exceptionMessage ? (
                    <p className="line-clamp-2 break-words text-zinc-700" title={row.exceptionMessage}>
                      {row.exceptionMessage}
                    </p>
                  ) : (
                    <span className="italic text-zinc-400">no message</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
