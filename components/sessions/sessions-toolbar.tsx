import Link from 'next/link';
import { SESSION_FILTERS, type SessionFilter } from '@/lib/sessions';
import { sessionsHref } from '@/lib/sessions/url';
import { FILTER_LABELS } from './labels';

/** Search by uid prefix (a plain GET form) and the filter links; both keep the other's state. */
export function SessionsToolbar({ q, filter }: { q: string; filter: SessionFilter }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <form role="search" action="/sessions" method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="sessions-q" className="block text-xs font-medium text-zinc-600">
            Session uid starts with
          </label>
          <input
            id="sessions-q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="e.g. questionnaire-2026-11"
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            className="mt-1 w-72 max-w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-mono text-sm text-zinc-900 placeholder:font-sans placeholder:text-zinc-400 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200"
          />
        </div>
        {filter !== 'all' ? <input type="hidden" name="filter" value={filter} /> : null}
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400"
        >
          Search
        </button>
        {q ? (
          <Link href={sessionsHref({ filter })} className="px-1 py-1.5 text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
            Clear search
          </Link>
        ) : null}
      </form>
      <nav aria-label="Filter sessions">
        <ul className="flex flex-wrap gap-1 rounded-lg border border-zinc-200 bg-white p-1">
          {SESSION_FILTERS.map((value) => {
            const active = value === filter;
            return (
              <li key={value}>
                <Link
                  href={sessionsHref({ q, filter: value })}
                  aria-current={active ? 'page' : undefined}
                  className={
                    'block rounded-md px-3 py-1 text-sm font-medium ' +
                    (active ? 'bg-zinc-900 text-white' : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900')
                  }
                >
                  {FILTER_LABELS[value]}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
