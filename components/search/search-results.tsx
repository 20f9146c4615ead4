import Link from 'next/link';
import { ExceptionBadge } from '@/components/failed/exception-badge';
import { StatusBadge } from '@/components/status-badge';
import { formatDateTime } from '@/lib/format';
import { instanceHref, sessionHref } from '@/lib/routes';
import type { MatchedOn, SearchResult } from '@/lib/search';

const MATCHED_ON: Record<MatchedOn, string> = {
  uid: 'session uid',
  name: 'instance name',
  message: 'exception message',
  payload: 'kwargs, result or exception context',
};

/** The search's hits, best first: what each is, where it matched, and the text around the match (<mark>). */
export function SearchResults({ results }: { results: SearchResult[] }) {
  return (
    <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white" aria-label="Search results">
      {results.map((result) => {
        const href = result.kind === 'instance' && result.name ? instanceHref(result.sessionUid, result.name) : sessionHref(result.sessionUid);
        return (
          <li key={`${result.sessionUid}/${result.name ?? ''}`} className="px-4 py-3" data-testid="search-result">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <Link href={href} className="font-mono text-sm font-medium text-zinc-900 underline-offset-4 hover:underline">
                {result.kind === 'instance' ? `${result.sessionUid} / ${result.name}` : result.sessionUid}
              </Link>
              {result.status ? <StatusBadge status={result.status} /> : <span className="text-xs text-zinc-600">session</span>}
              {result.exceptionType ? <ExceptionBadge type={result.exceptionType} /> : null}
              <span className="ml-auto text-xs text-zinc-600">
                {result.kind === 'instance' ? 'failed' : 'last active'} {formatDateTime(result.at)}
              </span>
            </div>
            {result.snippet ? (
              <p className="mt-1 break-words font-mono text-[13px] text-zinc-700">
                <span className="sr-only">Matched in the {MATCHED_ON[result.matchedOn]}: </span>
                {result.snippet.before}
                <mark className="rounded-sm bg-amber-200 px-0.5 text-zinc-900">{result.snippet.match}</mark>
                {result.snippet.after}
              </p>
            ) : null}
            {result.message && result.matchedOn !== 'message' ? <p className="mt-1 break-words text-sm text-zinc-700">{result.message}</p> : null}
            <p className="mt-1 text-xs text-zinc-600" aria-hidden>
              matched in the {MATCHED_ON[result.matchedOn]}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
