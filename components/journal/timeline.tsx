import Link from 'next/link';
import type { ReactNode } from 'react';
import { TimeCell } from '@/components/session/time-cell';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import type { TimelineEvent } from '@/lib/journal';
import { historyHref } from '@/lib/routes';
import { describeEvent, record } from './event-sentence';
import { isEventKind, journalKindLabel, KIND_STYLES } from './kinds';

const mutedLink = 'text-xs font-medium text-zinc-600 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900 hover:decoration-zinc-900';

/**
 * Journal events as a table: number, time, who, what happened as a sentence (names link to the
 * instance or task), payloads collapsed, and a link to the session as it was right after it.
 * Everything is text: kwargs and names holding HTML are shown, never rendered.
 */
export function Timeline({
  uid,
  events,
  now,
  tasks = [],
  caption = 'Journal events',
  showStateLink = true,
  empty,
}: {
  uid: string;
  events: TimelineEvent[];
  now: Date;
  /** The session's task names: a firing of one of them is a task's result cascading. */
  tasks?: readonly string[];
  caption?: string;
  showStateLink?: boolean;
  /** Shown instead of the table when there is no event. */
  empty?: ReactNode;
}) {
  const taskNames = new Set(tasks);
  const { td } = TABLE_CELLS.regular;
  const columns = [
    { label: '#', className: 'w-14' },
    { label: 'When' },
    { label: 'Who' },
    { label: 'What happened' },
    ...(showStateLink ? [{ label: 'State', srOnly: true }] : []),
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={events}
      empty={empty}
      testId="journal-table"
      renderRow={(event) => {
        const { sentence, payloads } = describeEvent(event, uid, taskNames);
        const kindStyle = isEventKind(event.kind) ? KIND_STYLES[event.kind] : KIND_STYLES['state-changed'];
        return (
          <tr key={event.seq} id={`event-${event.seq}`} className="hover:bg-zinc-50" data-testid="journal-event" data-kind={event.kind} data-seq={event.seq}>
            <th scope="row" className={`${td} whitespace-nowrap font-mono text-[13px] font-medium tabular-nums text-zinc-700`}>
              #{event.seq}
            </th>
            <td className={`${td} text-zinc-700`}>
              <TimeCell value={event.at} now={now} stacked />
            </td>
            <td className={`${td} max-w-48 break-words text-zinc-700`}>
              <span title={event.actor}>{event.actor}</span>
            </td>
            <td className={`${td} min-w-72`}>
              <span className={`mb-1 inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${kindStyle}`} data-testid="journal-kind">
                {journalKindLabel(event.kind, record(event.data) ?? undefined)}
              </span>
              <p className="break-words text-zinc-800" data-testid="journal-sentence">
                {sentence}
              </p>
              {payloads}
            </td>
            {showStateLink ? (
              <td className={`${td} whitespace-nowrap text-right`}>
                <Link href={historyHref(uid, event.seq)} className={mutedLink} prefetch={false}>
                  State after this event
                </Link>
              </td>
            ) : null}
          </tr>
        );
      }}
    />
  );
}
