import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { EmptyState } from '@/components/ui/empty-state';
import { PagedList } from '@/components/ui/paged-list';
import { PageHeader } from '@/components/ui/page-header';
import { SessionsTable } from '@/components/sessions/sessions-table';
import { SessionsToolbar } from '@/components/sessions/sessions-toolbar';
import { FILTER_DESCRIPTIONS, FILTER_LABELS } from '@/components/sessions/labels';
import { requirePageUser } from '@/lib/auth/session';
import { getSessionsPage } from '@/lib/sessions';
import { sessionsHref, sessionsSearchSchema } from '@/lib/sessions/url';
import { plural } from '@/lib/format';

export const metadata: Metadata = { title: 'Sessions' };

const PAGE_SIZE = 50;

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection(); // reads the database: render per request, never at build time
  await requirePageUser('read', '/sessions');
  const search = sessionsSearchSchema.parse(await searchParams);
  const q = search.q ?? '';
  const filter = search.filter ?? 'all';
  const { sessions, nextCursor, total, cursorReset } = await getSessionsPage(search, PAGE_SIZE);
  const onLaterPage = Boolean(search.cursor) && !cursorReset;
  const narrowed = q !== '' || filter !== 'all';
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Each session groups the task instances the engine created for one uid, with the kwargs of every trigger fired so far. Most recent activity first."
        actions={
          <span className="text-sm text-zinc-500" data-testid="sessions-total">
            {plural(total, 'session')} in total
          </span>
        }
      />
      <SessionsToolbar q={q} filter={filter} />

      <PagedList
        cursorReset={cursorReset}
        summaryTestId="sessions-showing"
        summary={
          sessions.length > 0 ? (
            <>
              {onLaterPage ? 'A later page: ' : ''}
              {plural(sessions.length, 'session')} shown
              {nextCursor ? ' (more on the next page)' : ''}: {FILTER_DESCRIPTIONS[filter]}
              {q ? (
                <>
                  {' '}whose uid starts with{' '}
                  <code className="rounded bg-zinc-100 px-1 font-mono text-[13px] text-zinc-900">{q}</code>
                </>
              ) : null}
              .
            </>
          ) : null
        }
        pager={{
          firstHref: onLaterPage ? sessionsHref({ q, filter }) : null,
          nextHref: nextCursor ? sessionsHref({ q, filter, cursor: nextCursor }) : null,
        }}
      >
        <SessionsTable
          sessions={sessions}
          now={now}
          empty={
            total === 0 ? (
              <EmptyState title="No sessions yet">Sessions appear here as soon as the engine fires its first trigger for a uid.</EmptyState>
            ) : (
              <EmptyState title={onLaterPage ? 'No more sessions' : 'No session matches'}>
                {onLaterPage ? 'This is past the last page. ' : `Nothing matches the filter “${FILTER_LABELS[filter]}”${q ? ' and this uid prefix' : ''}. `}
                {narrowed ? (
                  <Link href="/sessions" className="font-medium text-zinc-900 underline underline-offset-4">
                    Show all sessions
                  </Link>
                ) : (
                  <Link href={sessionsHref({ q, filter })} className="font-medium text-zinc-900 underline underline-offset-4">
                    First page
                  </Link>
                )}
              </EmptyState>
            )
          }
        />
      </PagedList>
    </>
  );
}
