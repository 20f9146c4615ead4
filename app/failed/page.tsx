import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { freezeBulkSelectionAction } from './actions';
import { BulkSelection } from './bulk-selection';
import { FailedTable } from '@/components/failed/failed-table';
import { FailedToolbar } from '@/components/failed/failed-toolbar';
import { FailureGroupsTable } from '@/components/failed/failure-groups-table';
import { FilterDescription } from '@/components/failed/filter-description';
import { triageDescription } from '@/components/failed/labels';
import { EmptyState } from '@/components/ui/empty-state';
import { PagedList, PastLastPage } from '@/components/ui/paged-list';
import { PageHeader } from '@/components/ui/page-header';
import { can, refusal } from '@/lib/auth/roles';
import { privacyFor } from '@/lib/auth/payloads';
import { requirePageUser } from '@/lib/auth/session';
import { getFailedInbox, MAX_GROUPS, VIEWER_TEXT_CANDIDATES } from '@/lib/failed';
import { DEFAULT_TRIAGE_ASSIGNEE, DEFAULT_TRIAGE_STATE, failedHref, failedSearchSchema, inboxQuery } from '@/lib/failed/url';
import { counted, plural } from '@/lib/format';
import { InboxNotice } from '@/components/failed/inbox-notice';
import { ShortcutsButton } from '@/components/keyboard/keyboard-shortcuts';
import { replayInstanceAction } from '@/app/sessions/[uid]/instances/[name]/actions';

export const metadata: Metadata = { title: 'Failed' };



export default async function FailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection(); // reads the database: render per request, never at build time
  const user = await requirePageUser('read', '/failed');
  const operateRefusal = can(user.role, 'operate') ? undefined : refusal(user.role, 'operate');
  const search = failedSearchSchema.parse(await searchParams);
  const now = new Date();
  const inbox = await getFailedInbox(search, privacyFor(user), now, { userId: user.id });
  const view = search.view ?? 'list';
  const triage = { state: search.state ?? DEFAULT_TRIAGE_STATE, assignee: search.assignee ?? DEFAULT_TRIAGE_ASSIGNEE };
  const filters = { task: search.task, type: search.type, session: search.session, q: search.q, age: search.age, ...triage };
  const onLaterPage = view === 'list' && Boolean(search.cursor) && !inbox.cursorReset;

  return (
    <>
      <PageHeader
        title="Failed instances"
        description="Task instances whose handler threw, across all sessions, newest failure first. Open an instance to read its exception and stack trace."
        actions={
          <span className="text-sm text-zinc-500" data-testid="failed-total-unfiltered">
            {plural(inbox.totalUnfiltered, 'failed instance')} in total
          </span>
        }
      />

      {inbox.totalUnfiltered === 0 ? (
        <EmptyState title="Nothing is failed — nothing needs support right now">
          When a task&apos;s handler throws, its instance appears here with the exception, so it can be replayed or skipped.
        </EmptyState>
      ) : (
        <>
          <FailedToolbar search={search} tasks={inbox.tasks} exceptionTypes={inbox.exceptionTypes} />
          <p className="mb-3 text-xs text-zinc-600">
            Keyboard: <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> select a failure, <kbd className="font-mono">Enter</kbd> opens it,{' '}
            <kbd className="font-mono">r</kbd> replays it with the original kwargs. <ShortcutsButton className="text-xs" />
          </p>
          <InboxNotice />

          <PagedList
            cursorReset={inbox.cursorReset}
            summaryTestId="failed-summary"
            summary={
              <>
                <strong className="font-semibold text-zinc-900">{plural(inbox.total, 'failed instance')}</strong>
                <FilterDescription filter={search} />
                {' '}in {inbox.groups.length >= MAX_GROUPS ? `more than ${MAX_GROUPS} groups` : plural(inbox.groups.length, 'failure group')}
                {triageDescription(triage.state, triage.assignee)}
                {view === 'list' && inbox.rows.length > 0 && inbox.rows.length < inbox.total
                  ? ` · ${onLaterPage ? 'a later page: ' : ''}${inbox.rows.length} shown${inbox.nextCursor ? ', more on the next page' : ''}`
                  : ''}
                .
              </>
            }
            pager={
              view === 'list'
                ? {
                    firstHref: onLaterPage ? failedHref({ ...filters, limit: search.limit }) : null,
                    nextHref: inbox.nextCursor ? failedHref({ ...filters, limit: search.limit, cursor: inbox.nextCursor }) : null,
                  }
                : undefined
            }
          >
            {inbox.total === 0 ? (
              <EmptyState title="No failed instance matches">
                {counted(inbox.totalUnfiltered, 'instance', 'is', 'are')} failed, but none matches these filters
                {triage.state !== 'all' || triage.assignee !== 'anyone' ? ' (groups resolved, snoozed or assigned to someone else are left out)' : ''}.{' '}
                {inbox.textTooCommon
                  ? `The text is in more than ${VIEWER_TEXT_CANDIDATES.toLocaleString('en')} messages, too many to check against what your role may read: add words or other filters. `
                  : null}
                <Link href={failedHref({ view, state: 'all', assignee: 'anyone', limit: search.limit })} className="font-medium text-zinc-900 underline underline-offset-4">
                  Clear filters
                </Link>
              </EmptyState>
            ) : view === 'groups' ? (
              <FailureGroupsTable groups={inbox.groups} search={search} now={now} disabledReason={operateRefusal} freezeAction={freezeBulkSelectionAction} />
            ) : inbox.rows.length === 0 ? (
              <EmptyState title="No more failed instances">
                <PastLastPage firstHref={failedHref({ ...filters, limit: search.limit })} />
              </EmptyState>
            ) : (
              <BulkSelection key={inbox.rows.map((r) => `${r.sessionUid}/${r.name}`).join('|')} filter={filters} total={inbox.total} disabledReason={operateRefusal}>
                <FailedTable rows={inbox.rows} now={now} actions={{ inbox: inboxQuery(search), replay: replayInstanceAction, disabledReason: operateRefusal }} />
              </BulkSelection>
            )}
          </PagedList>
        </>
      )}
    </>
  );
}
