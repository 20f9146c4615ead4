import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import type { InstanceRow as InstanceSummary } from './types';
import { instanceHref } from '@/lib/routes';
import { formatDuration, runDurationMs } from './format';
import { TimeCell } from './time-cell';

const th = 'whitespace-nowrap px-3 py-2';
const td = 'px-3 py-1.5 align-top';

/** Instances with status, times, run duration and what a support engineer looks at next. */
export function InstanceTable({
  uid,
  instances,
  caption,
  now,
}: {
  uid: string;
  instances: InstanceSummary[];
  caption: string;
  now: Date;
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200">
      <table className="w-full min-w-[760px] table-fixed text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col />
          <col className="w-28" />
          <col className="w-48" />
          <col className="w-48" />
          <col className="w-24" />
          <col />
        </colgroup>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className={th}>Instance</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Created</th>
            <th scope="col" className={th}>Updated</th>
            <th scope="col" className={`${th} text-right`}>Run time</th>
            <th scope="col" className={th}>Notes</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {instances.map((instance) => {
            const duration = runDurationMs(instance.timestamps);
            return (
              <tr
                key={instance.name}
                className={instance.status === 'failed' ? 'bg-red-50/40' : undefined}
                data-testid="instance-row"
                data-instance={instance.name}
                data-status={instance.status}
              >
                <th scope="row" className={`${td} font-normal [overflow-wrap:anywhere]`}>
                  <Link
                    href={instanceHref(uid, instance.name)}
                    className="font-mono text-[13px] text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900"
                  >
                    {instance.name}
                  </Link>
                </th>
                <td className={td}>
                  <StatusBadge status={instance.status} />
                </td>
                <td className={`${td} text-zinc-600`}>
                  <TimeCell value={instance.createdAt} now={now} relative={false} />
                </td>
                <td className={`${td} text-zinc-600`}>
                  <TimeCell value={instance.updatedAt} now={now} stacked />
                </td>
                <td className={`${td} text-right tabular-nums text-zinc-700`}>
                  {duration === null ? (
                    <span className="text-zinc-400" title="No running→finished/failed timestamps">
                      –
                    </span>
                  ) : (
                    formatDuration(duration)
                  )}
                </td>
                <td className={`${td} whitespace-normal text-xs text-zinc-600`}>
                  {instance.exceptionType ? (
                    <span
                      className={`font-mono font-medium ${instance.status === 'failed' ? 'text-red-700' : 'text-zinc-500'}`}
                      title={instance.status === 'failed' ? 'Exception of this run' : 'Exception of an earlier run (resolved since)'}
                    >
                      {instance.exceptionType}
                    </span>
                  ) : null}
                  {instance.exceptionType && instance.parent ? ' · ' : null}
                  {instance.parent ? (
                    <>
                      clone of{' '}
                      <Link href={instanceHref(uid, instance.parent)} className="font-mono underline underline-offset-2">
                        {instance.parent}
                      </Link>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
