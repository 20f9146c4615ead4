import Link from 'next/link';
import { DataTable, monoLink, TABLE_CELLS } from '@/components/ui/data-table';
import { TimeCell } from '@/components/session/time-cell';
import type { FailedInstanceRow } from '@/lib/failed';
import { instanceFromInboxHref } from '@/lib/failed/url';
import { instanceHref, sessionHref } from '@/lib/routes';
import { ExceptionBadge } from './exception-badge';
import { RowReplay, type RowReplayAction } from './row-replay';

const { td } = TABLE_CELLS.regular;

const COLUMNS = [
  {
    label: <input type="checkbox" data-select-all aria-label="Select every instance on this page" className="size-4 align-middle" />,
    className: 'w-10',
  },
  { label: 'Failed at ↓', title: 'When the instance failed (a later note or logs-read mark does not change it)' },
  { label: 'Instance and session' },
  // The type above its message: one column, so the row's actions fit at 1024 px and more.
  { label: 'Exception and message', className: 'w-full' },
];
// A visible label: an sr-only one is positioned, and would stretch the page beyond the table's scroll box.
// Sticky on the right: on narrow windows the table scrolls sideways, Open and Replay stay in view.
const STICKY_RIGHT = 'sticky right-0 shadow-[-6px_0_6px_-6px_rgba(0,0,0,0.2)] xl:static xl:shadow-none';
const ACTIONS_COLUMN = { label: 'Actions', className: `${STICKY_RIGHT} bg-zinc-50` };

/** The rows' Open and Replay: the inbox's filter they carry, the replay action, a viewer's refusal. */
export interface RowActions {
  inbox: string;
  replay: RowReplayAction;
  disabledReason?: string;
}

/**
 * Failed instances, newest failure first. Scrolls sideways on narrow windows. Each row has a
 * checkbox (name "instance", value the JSON pair [uid, name]) for the enclosing BulkSelection form,
 * the message in full (wrapping), and with `actions` Open and an inline Replay. Rows take the
 * keyboard's selection (j/k, Enter opens, r replays: components/keyboard).
 */
export function FailedTable({ rows, now, actions }: { rows: FailedInstanceRow[]; now: Date; actions?: RowActions }) {
  return (
    <div data-shortcut-list>
      <DataTable
        caption="Failed task instances, newest failure first"
        columns={actions ? [...COLUMNS, ACTIONS_COLUMN] : COLUMNS}
        rows={rows}
        testId="failed-table"
        renderRow={(row) => (
          <tr
            key={`${row.sessionUid}\u0000${row.name}`}
            tabIndex={-1}
            className="hover:bg-zinc-50 focus:outline-2 focus:-outline-offset-2 focus:outline-sky-600 has-[:checked]:bg-sky-50 data-[selected=true]:bg-sky-50"
            data-testid="failed-row"
            data-shortcut-row
          >
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
            {/* Instance above its session: one column, so the row's actions fit at 1024 px and more. */}
            <th scope="row" className={`${td} font-normal`}>
              <Link href={actions ? instanceFromInboxHref(row.sessionUid, row.name, actions.inbox) : instanceHref(row.sessionUid, row.name)} className={monoLink}>
                {row.name}
              </Link>
              <span className="mt-0.5 block text-xs text-zinc-500">
                in{' '}
                <Link href={sessionHref(row.sessionUid)} className={monoLink} data-testid="failed-session">
                  {row.sessionUid}
                </Link>
              </span>
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
            <td className={`${td} min-w-60`}>
              <span className="mb-1 block" data-testid="failed-type">
                <ExceptionBadge type={row.exceptionType} />
              </span>
              {row.exceptionMessage ? (
                // In full: the words of the error are what support reads first.
                <p className="whitespace-pre-wrap break-words text-zinc-700" data-testid="failed-message">
                  {row.exceptionMessage}
                </p>
              ) : (
                <span className="italic text-zinc-500">no message</span>
              )}
            </td>
            {actions ? (
              <td className={`${td} ${STICKY_RIGHT} bg-white`}>
                <RowReplay uid={row.sessionUid} name={row.name} inbox={actions.inbox} action={actions.replay} disabledReason={actions.disabledReason} />
              </td>
            ) : null}
          </tr>
        )}
      />
    </div>
  );
}
