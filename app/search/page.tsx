import type { Metadata } from 'next';
import { connection } from 'next/server';
import { SearchResults } from '@/components/search/search-results';
import { EmptyState } from '@/components/ui/empty-state';
import { PagedList } from '@/components/ui/paged-list';
import { PageHeader } from '@/components/ui/page-header';
import { privacyFor } from '@/lib/auth/payloads';
import { requirePageUser } from '@/lib/auth/session';
import { search } from '@/lib/search';
import { searchHref, searchPageSchema } from '@/lib/search/url';

export const metadata: Metadata = { title: 'Search' };

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection(); // reads the database: render per request, never at build time
  const user = await requirePageUser('read', '/search');
  const state = searchPageSchema.parse(await searchParams);
  const privacy = privacyFor(user);
  const outcome = await search({ q: state.q, cursor: state.cursor }, privacy);
  const description = privacy.hidePayloads
    ? 'Sessions by uid; instances that failed (still failed, or replayed or skipped since) by uid, name and exception message. Your role (viewer) does not search kwargs, results or exception context.'
    : 'Sessions by uid; instances that failed (still failed, or replayed or skipped since) by uid, name, exception message, kwargs, result and exception context. Best matches first: the exact uid, then uid prefixes, messages, payloads; newest first within each.';

  return (
    <>
      <PageHeader title="Search" description={description} />
      {!outcome.ok ? (
        <p role={state.q ? 'alert' : 'status'} className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-800" data-testid="search-message">
          {outcome.message}
        </p>
      ) : (
        <PagedList
          cursorReset={outcome.cursorReset}
          summaryTestId="search-summary"
          summary={
            <>
              {outcome.results.length === 0 && !outcome.nextCursor ? 'No match' : `${plural(outcome.results.length, 'match', 'matches')} on this page`} for{' '}
              <code className="rounded bg-zinc-100 px-1 font-mono text-[13px] text-zinc-900">{outcome.text}</code>
              {outcome.shortText ? ' (under 3 characters only exact session uids are looked up; type more to search text)' : ''}
              .
            </>
          }
          pager={{
            firstHref: state.cursor && !outcome.cursorReset ? searchHref(outcome.text) : null,
            nextHref: outcome.nextCursor ? searchHref(outcome.text, outcome.nextCursor) : null,
          }}
        >
          {outcome.results.length > 0 ? (
            <SearchResults results={outcome.results} />
          ) : (
            <EmptyState title="Nothing found">
              No session uid, failure or message contains this text{outcome.nextCursor ? ' on this page; the next page may have more' : ''}.
            </EmptyState>
          )}
        </PagedList>
      )}
    </>
  );
}
