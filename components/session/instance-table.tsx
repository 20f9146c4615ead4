import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import type { InstanceRow as InstanceSummary } from './types';
import { instanceHref } from '@/lib/routes';
import { formatDuration, runDurationMs } from './format';
import { TimeCell } from './time-cell';

const { td } = TABLE_CELLS.compact;

const COLUMNS = [
  { label: 'Instance' },
  { label: 'Status', width: 'w-28' },
  { label: 'Created', width: 'w-48' },
  { label: 'Updated', width: 'w-48' },
  { label: 'Run time', width: 'w-24', className: 'text-right' },
  { label: 'Notes' },
];

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
    <DataTable
      caption={caption}
      columns={COLUMNS}
      rows={instances}
      density="compact"
      frame="inset"
      tableClassName="min-w-[760px] table-fixed"
      renderRow={(instance) => {
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
                <span className="text-zinc-500" title="No running→finished/failed timestamps">
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
      }}
    />
  );
}
