import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { BulkConfirmForm } from './bulk-confirm-form';
import { BulkProgress } from '@/components/bulk/bulk-progress';
import { ExceptionBadge } from '@/components/failed/exception-badge';
import { FilterDescription } from '@/components/failed/filter-description';
import { InstanceCells } from '@/components/failed/instance-links';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can, refusal } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getBulkSnapshot, type BulkSnapshot } from '@/lib/bulk';
import { formatDateTime } from '@/lib/format';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { plural } from '@/lib/format';

export const metadata: Metadata = { title: 'Bulk action' };

/** How many frozen instances the confirmation shows before "and N more". */
const SAMPLE_SIZE = 10;

const th = 'whitespace-nowrap px-3 py-2 first:pl-4 last:pr-4';
const td = 'px-3 py-2 align-top first:pl-4 last:pr-4';

function SampleTable({ items }: { items: BulkSnapshot['items'] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
        <tr>
          <th scope="col" className={th}>Instance</th>
          <th scope="col" className={th}>Session uid</th>
          <th scope="col" className={th}>Exception</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {items.map((item) => (
          <tr key={item.position} data-testid="bulk-sample-row">
            <InstanceCells uid={item.uid} name={item.name} cellClass={td} />
            <td className={td}>
              <ExceptionBadge type={item.exceptionType} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function BulkOperationPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const id = decodeRouteParam((await params).id);
  const user = await requirePageUser('read', `/failed/bulk/${encodeURIComponent(id)}`);
  const bulk = hasNul(id) ? null : await getBulkSnapshot(await getAppEngine(), id);
  if (!bulk) notFound();
  const count = plural(bulk.total, 'failed instance');
  const sample = bulk.items.slice(0, SAMPLE_SIZE);
  const rest = bulk.items.slice(SAMPLE_SIZE);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-zinc-600">
        <Link href="/failed" className="underline underline-offset-4 hover:text-zinc-900">
          Failed
        </Link>{' '}
        / Bulk action
      </nav>
      <PageHeader
        title={`Bulk action on ${count}`}
        description={
          bulk.state === 'draft'
            ? 'Check the frozen selection, choose what to do with it and give a reason. Nothing has been changed yet.'
            : 'Each instance is replayed or skipped in turn on the server; this page follows the progress (leaving it does not stop the work).'
        }
      />

      <Card className="mb-5 p-4">
        <p className="text-sm text-zinc-700" data-testid="bulk-selection-summary">
          <strong className="font-semibold text-zinc-900">{count}</strong>{' '}
          {bulk.filter ? (
            <>
              matching the inbox filter
              {bulk.filter.task || bulk.filter.type || bulk.filter.session || bulk.filter.q || bulk.filter.age || bulk.filter.fingerprint || (bulk.filter.state ?? 'all') !== 'all' || (bulk.filter.assignee ?? 'anyone') !== 'anyone' ? (
                <FilterDescription filter={bulk.filter} />
              ) : (
                ' (every failed instance)'
              )}
            </>
          ) : (
            'ticked in the failed inbox'
          )}
          , frozen by {bulk.createdBy} at {formatDateTime(new Date(bulk.createdAt))}. Instances that fail after that are not included,
          and one that is replayed or skipped meanwhile is reported as already handled, not acted on again.
        </p>
        {bulk.leftOut > 0 ? (
          <p role="status" className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {bulk.leftOut} more matched, beyond the limit of one bulk action: only the newest {bulk.total} failures were taken. Run
            another bulk action for the rest afterwards.
          </p>
        ) : null}
      </Card>

      {bulk.state === 'draft' ? (
        <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <section aria-labelledby="bulk-sample-heading">
            <h2 id="bulk-sample-heading" className="mb-2 text-sm font-semibold text-zinc-900">
              {rest.length > 0 ? `A sample: the newest ${sample.length} of ${bulk.total}` : `All ${bulk.total}`}
            </h2>
            <Card>
              <ScrollRegion label="Sample of the selection" className="overflow-x-auto">
                <SampleTable items={sample} />
              </ScrollRegion>
            </Card>
            {rest.length > 0 ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-zinc-700 hover:text-zinc-900">and {rest.length} more: show them</summary>
                <Card className="mt-2">
                  <ScrollRegion label="The rest of the selection" className="overflow-x-auto">
                    <SampleTable items={rest} />
                  </ScrollRegion>
                </Card>
              </details>
            ) : null}
          </section>
          <section aria-labelledby="bulk-confirm-heading">
            <h2 id="bulk-confirm-heading" className="mb-2 text-sm font-semibold text-zinc-900">
              Confirm
            </h2>
            <Card className="p-4">
              <BulkConfirmForm id={bulk.id} total={bulk.total} invalid={bulk.invalid} disabledReason={can(user.role, 'operate') ? undefined : refusal(user.role, 'operate')} />
            </Card>
          </section>
        </div>
      ) : (
        <BulkProgress initial={bulk} />
      )}
    </>
  );
}
