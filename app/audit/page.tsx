import type { Metadata } from 'next';
import Link from 'next/link';
import { KeysetPager } from '@/components/ui/keyset-pager';
import { connection } from 'next/server';
import { AuditFilters, auditFiltersOf } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { privacyFor } from '@/lib/auth/payloads';
import { requirePageUser } from '@/lib/auth/session';
import { auditHref, auditSearchSchema } from '@/lib/audit/url';
import { getAuditPage } from '@/lib/audit/view';

export const metadata: Metadata = { title: 'Audit' };

const textLink = 'font-medium text-zinc-900 underline underline-offset-4';

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

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
        description="Who changed what, and when: every replay, skip, fired trigger, bulk action and user change made from the dashboard, with its input and outcome, newest first."
      />

      {!audit.anyRecorded ? (
        <EmptyState title="Nothing has been changed from the dashboard yet">
          Each replay, skip, fired trigger, bulk action and user change made here is recorded on this page, with who made
          it, the input they gave and how it ended.
        </EmptyState>
      ) : (
        <>
          <AuditFilters search={search} actors={audit.actors} />

          {audit.cursorReset ? (
            <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              The page link was not valid (it may come from an older version of this page), so the first page is shown.
            </p>
          ) : null}

          <p className="mb-2 text-sm text-zinc-600" data-testid="audit-summary">
            <strong className="font-semibold text-zinc-900">
              {audit.totalCapped ? `More than ${plural(audit.total, 'change')}` : plural(audit.total, 'change')}
            </strong>
            {filtered ? ' match these filters' : ' recorded'}
            {audit.rows.length > 0 && (onLaterPage || audit.nextCursor)
              ? ` · ${onLaterPage ? 'a later page: ' : ''}${audit.rows.length} shown${audit.nextCursor ? ', more on the next page' : ''}`
              : ''}
            .
          </p>

          {audit.total === 0 ? (
            <EmptyState title="No change matches">
              Changes are recorded, but none matches these filters.{' '}
              <Link href={auditHref({ limit: search.limit })} className={textLink}>
                Clear filters
              </Link>
            </EmptyState>
          ) : audit.rows.length === 0 ? (
            <EmptyState title="No more changes">
              This is past the last page.{' '}
              <Link href={firstPage} className={textLink}>
                First page
              </Link>
            </EmptyState>
          ) : (
            <AuditTable rows={audit.rows} now={now} />
          )}

          <KeysetPager
            firstHref={onLaterPage ? firstPage : null}
            nextHref={audit.nextCursor ? auditHref({ ...filters, limit: search.limit, cursor: audit.nextCursor }) : null}
          />
        </>
      )}
    </>
  );
}
