import Link from 'next/link';
import { snapshotHref } from '@/lib/routes';
import { plural } from './format';
import { StatusCounts } from './status-counts';
import { TimeCell } from './time-cell';
import type { SessionView } from '@/lib/sessions';

const SECTIONS = [
  ['tasks', 'Tasks'],
  ['unresolved', 'Unresolved'],
  ['fired-triggers', 'Fired triggers'],
  ['timeline', 'Timeline'],
  ['history', 'History'],
  ['graph', 'Graph'],
  ['debug-snapshot', 'Debug snapshot'],
] as const;

/** Breadcrumb, the uid, the one-line summary and the links to each section. */
export function SessionHeader({ session, now }: { session: SessionView['session']; now: Date }) {
  return (
    <header className="mb-2">
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
      <nav aria-label="Sections" className="mt-3">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="text-zinc-600 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
