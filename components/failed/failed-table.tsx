import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { TimeCell } from '@/components/session/time-cell';
import type { FailedInstanceRow } from '@/lib/failed';
import { InstanceCells } from './instance-links';
import { ExceptionBadge } from './exception-badge';

const { td } = TABLE_CELLS.regular;

const COLUMNS = [
  {
    label: <input type="checkbox" data-select-all aria-label="Select every instance on this page" className="size-4 align-middle" />,
    className: 'w-10',
  },
  { label: 'Failed at ↓', title: 'When the instance failed (a later note or logs-read mark does not change it)' },
  { label: 'Instance' },
  { label: 'Session uid' },
  { label: 'Exception' },
  { label: 'Message' },
];

/**
 * Failed instances, newest failure first. Scrolls sideways on narrow windows. Each row has a
 * checkbox (name "instance", value the JSON pair [uid, name]) for the enclosing BulkSelection form.
 */
export function FailedTable({ rows, now }: { rows: FailedInstanceRow[]; now: Date }) {
  return (
    <DataTable
      caption="Failed task instances, newest failure first"
      columns={COLUMNS}
      rows={rows}
      testId="failed-table"
      renderRow={(row) => (
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
          <InstanceCells uid={row.sessionUid} name={row.name} cellClass={td}>
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
          </InstanceCells>
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
      )}
    />
  );
}
