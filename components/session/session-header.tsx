import Link from 'next/link';
import type { ReactNode } from 'react';
import { snapshotHref } from '@/lib/routes';
import { plural } from './format';
import { StatusCounts } from './status-counts';
import { TimeCell } from './time-cell';
import type { SessionView } from '@/lib/sessions';

/**
 * The session page's sections, in page order, each with one distinct name: "Timeline" is the
 * engine's journal, "Changes" what people did from the dashboard (the audit trail).
 */
export const SESSION_SECTIONS = [
  ['tasks', 'Tasks'],
  ['unresolved', 'Unresolved'],
  ['fired-triggers', 'Fired triggers'],
  ['fire-trigger', 'Fire a trigger'],
  ['timeline', 'Timeline'],
  ['changes', 'Changes'],
  ['graph', 'Graph'],
  ['debug-snapshot', 'Debug snapshot'],
] as const;

/**
 * Breadcrumb, the uid, the one-line summary, the live-refresh line (`live`) and the section
 * navigation. The navigation sticks to the top while the page scrolls; the live line sits above
 * it in the flow, so neither covers the other at any width.
 */
export function SessionHeader({ session, now, live }: { session: SessionView['session']; now: Date; live?: ReactNode }) {
  return (
    <>
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/sessions" className="underline underline-offset-4 hover:text-zinc-900">
            Sessions
          </Link>
          <span aria-hidden> / </span>
          <span className="text-zinc-700">Session</span>
        </nav>
        <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
          <h1 className="break-all font-mono text-2xl font-semibold tracking-tight text-zinc-900">{session.uid}</h1>
          <a
            href={snapshotHref(session.uid)}
            download
            className="shrink-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50"
          >
            Download debug snapshot
          </a>
        </div>
        <div
          className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm shadow-xs"
          data-testid="session-summary"
        >
          <StatusCounts counts={session.counts} />
          <span className={session.unresolvedTaskCount > 0 ? 'font-medium text-amber-800' : 'text-emerald-800'}>
            {session.unresolvedTaskCount > 0
              ? `${session.unresolvedTaskCount} of ${plural(session.taskCount, 'task')} unresolved`
              : `all ${plural(session.taskCount, 'task')} resolved`}
          </span>
          <span className="text-zinc-600">
            {plural(session.instanceCount, 'instance')}, {session.unresolvedInstanceCount} unresolved
          </span>
          <span className="text-zinc-600">
            Last activity <TimeCell value={session.updatedAt} now={now} />
          </span>
          <span className="text-zinc-500">
            Created <TimeCell value={session.createdAt} now={now} relative={false} />
          </span>
        </div>
        {live ? <div className="mt-2">{live}</div> : null}
      </header>
      {/* Outside the header: a sticky element sticks only within its parent, here the whole page. */}
      <nav
        aria-label="Sections"
        className="sticky top-0 z-10 -mx-4 mt-3 border-b border-zinc-200 bg-zinc-50/95 px-4 py-2 backdrop-blur sm:-mx-6 sm:px-6"
        data-testid="session-sections"
      >
        <ul className="flex flex-wrap gap-1.5 text-sm">
          {SESSION_SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                className="inline-block rounded-md border border-zinc-200 bg-white px-2.5 py-1 font-medium text-zinc-700 hover:border-zinc-400 hover:text-zinc-900"
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
