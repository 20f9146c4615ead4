import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { AuditFilters, auditFiltersOf } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PagedList, PastLastPage } from '@/components/ui/paged-list';
import { PageHeader } from '@/components/ui/page-header';
import { privacyFor } from '@/lib/auth/payloads';
import { requirePageUser } from '@/lib/auth/session';
import { auditHref, auditSearchSchema } from '@/lib/audit/url';
import { getAuditPage } from '@/lib/audit/view';
import { agree, plural } from '@/lib/format';

export const metadata: Metadata = { title: 'Audit' };

const textLink = 'font-medium text-zinc-900 underline underline-offset-4';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection(); // reads the database: render per request, never at build time
  const user = await requirePageUser('read', '/audit');
  const search = auditSearchSchema.parse(await searchParams);
  const now = new Date();
  const audit = await getAuditPage(search, privacyFor(user));
  const filters = auditFiltersOf(search);
  const filtered = Object.values(filters).some(Boolean);
  const onLaterPage = Boolean(search.cursor) && !audit.cursorReset;
  const firstPage = auditHref({ ...filters, limit: search.limit });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and when: every replay, skip, fired trigger, bulk action, user and token change made from the dashboard, the HTTP API and the command line, with its input and outcome, newest first."
      />

      {!audit.anyRecorded ? (
        <EmptyState title="Nothing has been changed yet">
          Each replay, skip, fired trigger, bulk action and user change made here is recorded on this page, with who made
          it, the input they gave and how it ended.
        </EmptyState>
      ) : (
        <>
          <AuditFilters search={search} actors={audit.actors} />

          <PagedList
            cursorReset={audit.cursorReset}
            summaryTestId="audit-summary"
            summary={
              <>
                <strong className="font-semibold text-zinc-900">
                  {audit.totalCapped ? `More than ${plural(audit.total, 'change')}` : plural(audit.total, 'change')}
                </strong>
                {/* "More than 1 change" is many: a capped count takes the plural verb. */}
                {filtered ? ` ${agree(audit.totalCapped ? Infinity : audit.total, 'matches', 'match')} these filters` : ' recorded'}
                {audit.rows.length > 0 && (onLaterPage || audit.nextCursor)
                  ? ` · ${onLaterPage ? 'a later page: ' : ''}${audit.rows.length} shown${audit.nextCursor ? ', more on the next page' : ''}`
                  : ''}
                .
              </>
            }
            pager={{
              firstHref: onLaterPage ? firstPage : null,
              nextHref: audit.nextCursor ? auditHref({ ...filters, limit: search.limit, cursor: audit.nextCursor }) : null,
            }}
          >
            {audit.total === 0 ? (
              <EmptyState title="No change matches">
                Changes are recorded, but none matches these filters.{' '}
                <Link href={auditHref({ limit: search.limit })} className={textLink}>
                  Clear filters
                </Link>
              </EmptyState>
            ) : (
              <AuditTable
                rows={audit.rows}
                now={now}
                empty={
                  <EmptyState title="No more changes">
                    <PastLastPage firstHref={firstPage} />
                  </EmptyState>
                }
              />
            )}
          </PagedList>
        </>
      )}
    </>
  );
}
