import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { BulkSelection } from '../../bulk-selection';
import {
  addGroupNoteAction,
  assignGroupAction,
  resolveGroupAction,
  snoozeGroupAction,
  unresolveGroupAction,
  unsnoozeGroupAction,
} from './actions';
import { FailedTable } from '@/components/failed/failed-table';
import { GroupSummary } from '@/components/failed/group-summary';
import { TriagePanel } from '@/components/failed/triage-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { ClearFiltersLink, FilterBar, FilterSearchInput, FilterSelect } from '@/components/ui/filter-fields';
import { PagedList } from '@/components/ui/paged-list';
import { PageHeader } from '@/components/ui/page-header';
import { AGE_LABELS } from '@/components/failed/labels';
import { privacyFor } from '@/lib/auth/payloads';
import { can, refusal } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getFailedInbox } from '@/lib/failed';
import { getFailureGroupPage, groupStatus } from '@/lib/failed/groups';
import { FAILED_AGES, failedHref, failedSearchSchema, failureGroupHref, inboxQuery } from '@/lib/failed/url';
import { decodeRouteParam } from '@/lib/http/route-params';
import { replayInstanceAction } from '@/app/sessions/[uid]/instances/[name]/actions';

export const metadata: Metadata = { title: 'Failure group' };

const TRIAGE_ACTIONS = {
  assign: assignGroupAction,
  note: addGroupNoteAction,
  resolve: resolveGroupAction,
  unresolve: unresolveGroupAction,
  snooze: snoozeGroupAction,
  unsnooze: unsnoozeGroupAction,
};

export default async function FailureGroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ fingerprint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const fingerprint = decodeRouteParam((await params).fingerprint);
  const user = await requirePageUser('read', failureGroupHref(fingerprint));
  const operateRefusal = can(user.role, 'operate') ? undefined : refusal(user.role, 'operate');
  const search = failedSearchSchema.parse(await searchParams);
  const now = new Date();
  const page = await getFailureGroupPage(fingerprint, now, user);
  if (!page) notFound();
  const { group, notes, assignees } = page;
  const inbox = await getFailedInbox({ ...search, view: 'list' }, privacyFor(user), now, { userId: user.id, fingerprint });
  const filters = { task: search.task, session: search.session, q: search.q, age: search.age };
  const filtered = Object.values(filters).some(Boolean);
  const onLaterPage = Boolean(search.cursor) && !inbox.cursorReset;

  return (
    <>
      <PageHeader
        title="Failure group"
        description="Failures with the same exception type, the same message once ids, numbers, emails and quoted values are left out, and the same code that threw."
        actions={
          <Link href={failedHref({ view: 'groups' })} className="text-sm font-medium text-zinc-700 underline underline-offset-4">
            ← All failure groups
          </Link>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <GroupSummary group={group} now={now} />
        <aside aria-label="Triage">
          <TriagePanel
            fingerprint={fingerprint}
            status={groupStatus(group, now)}
            userId={user.id}
            assigneeId={group.assignee?.id ?? null}
            assignees={assignees}
            notes={notes.map((n) => ({ id: n.id, authorName: n.authorName, authorEmail: n.authorEmail, at: n.at.toISOString(), body: n.body }))}
            actions={TRIAGE_ACTIONS}
            disabledReason={operateRefusal}
          />
        </aside>
      </div>
      <div className="mt-6">
        <section aria-labelledby="group-instances">
          <h2 id="group-instances" className="mb-3 text-base font-semibold text-zinc-900">
            Failed instances of this group
          </h2>
          <FilterBar
            key={JSON.stringify([filters, search.limit])}
            label="Filter this group's failed instances"
            action={failureGroupHref(fingerprint)}
            hidden={[['limit', search.limit]]}
          >
            <FilterSelect label="Task" id="group-task" name="task" value={search.task} anyLabel="All tasks" options={inbox.tasks} className="font-mono" />
            <FilterSearchInput label="Session uid starts with" id="group-session" name="session" defaultValue={search.session ?? ''} placeholder="e.g. questionnaire-2026-11" className="w-56" />
            <FilterSearchInput label="Message or payload contains" id="group-q" name="q" defaultValue={search.q ?? ''} placeholder="e.g. an email or an order id" className="w-56" />
            <FilterSelect label="Failed when" id="group-age" name="age" value={search.age} anyLabel="At any time" options={FAILED_AGES} labels={AGE_LABELS} />
          </FilterBar>
          {filtered ? <div className="mb-3"><ClearFiltersLink href={failureGroupHref(fingerprint, { limit: search.limit })} /></div> : null}
          <PagedList
            cursorReset={inbox.cursorReset}
            summaryTestId="group-summary-count"
            summary={
              <>
                <strong className="font-semibold text-zinc-900">
                  {inbox.total} failed instance{inbox.total === 1 ? '' : 's'}
                </strong>{' '}
                in this group{filtered ? ' matching the filters' : ''}
                {inbox.rows.length > 0 && inbox.rows.length < inbox.total ? ` · ${inbox.rows.length} shown` : ''}.
              </>
            }
            pager={{
              firstHref: onLaterPage ? failureGroupHref(fingerprint, { ...filters, limit: search.limit }) : null,
              nextHref: inbox.nextCursor ? failureGroupHref(fingerprint, { ...filters, limit: search.limit, cursor: inbox.nextCursor }) : null,
            }}
          >
            {inbox.rows.length === 0 ? (
              <EmptyState title="No failed instance in this group right now">
                Its failures were replayed or skipped{filtered ? ', or none matches the filters' : ''}. The group stays, with its history and notes, and
                comes back to the inbox when it fails again.
              </EmptyState>
            ) : (
              <BulkSelection
                key={inbox.rows.map((r) => `${r.sessionUid}/${r.name}`).join('|')}
                filter={{ ...filters, fingerprint }}
                total={inbox.total}
                disabledReason={operateRefusal}
              >
                <FailedTable rows={inbox.rows} now={now} actions={{ inbox: inboxQuery(search), replay: replayInstanceAction, disabledReason: operateRefusal }} />
              </BulkSelection>
            )}
          </PagedList>
        </section>
      </div>
    </>
  );
}
