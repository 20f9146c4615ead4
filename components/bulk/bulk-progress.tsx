'use client';

import { useQuery } from '@tanstack/react-query';
import type { BulkOutcome, BulkSnapshot } from '@/lib/bulk';
import { formatDateTime } from '@/lib/format';
import { queryKeys } from '@/lib/query-keys';
import { bulkApiHref } from '@/lib/routes';
import { InstanceCells, InstanceLink } from '@/components/failed/instance-links';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { agree } from '@/lib/format';

const POLL_MS = 1_000;

async function fetchSnapshot(id: string): Promise<BulkSnapshot> {
  const response = await fetch(bulkApiHref(id), { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/bulk/${id} answered ${response.status}`);
  return (await response.json()) as BulkSnapshot;
}

/** Outcome words and colours; the word is always written out (never colour alone). */
const OUTCOMES: Record<BulkOutcome | 'pending', { label: string; className: string }> = {
  done: { label: 'done', className: 'bg-emerald-50 text-emerald-800 ring-emerald-300' },
  'already-handled': { label: 'already handled', className: 'bg-amber-50 text-amber-800 ring-amber-300' },
  error: { label: 'error', className: 'bg-red-50 text-red-800 ring-red-300' },
  pending: { label: 'pending', className: 'bg-zinc-100 text-zinc-600 ring-zinc-300' },
};

function OutcomeBadge({ outcome }: { outcome: BulkOutcome | null }) {
  const style = OUTCOMES[outcome ?? 'pending'];
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>
      {style.label}
    </span>
  );
}

const { td } = TABLE_CELLS.regular;
const COLUMNS = [{ label: 'Instance' }, { label: 'Session uid' }, { label: 'Outcome' }, { label: 'Details' }];

/**
 * A started bulk operation: a progress bar and the outcome of every item, polled every second
 * while it runs (the work happens on the server; closing the page does not stop it).
 */
export function BulkProgress({ initial }: { initial: BulkSnapshot }) {
  const { data, isError } = useQuery({
    queryKey: queryKeys.bulk(initial.id),
    queryFn: () => fetchSnapshot(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? POLL_MS : false),
    staleTime: 0,
  });
  const { counts } = data;
  const processed = counts.total - counts.pending;
  const percent = counts.total === 0 ? 100 : Math.round((processed / counts.total) * 100);
  const verb = data.action === 'skip' ? 'Skip (no cascade)' : 'Replay with the original kwargs';

  return (
    <section aria-labelledby="bulk-progress-heading" className="space-y-4" data-testid="bulk-progress">
      <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="bulk-progress-heading" className="text-base font-semibold text-zinc-900">
            {verb}: {data.state === 'finished' ? 'finished' : 'in progress'}
          </h2>
          <p className="text-sm text-zinc-600">
            Started by <span className="font-medium text-zinc-900">{data.startedBy}</span>
            {data.startedAt ? ` at ${formatDateTime(new Date(data.startedAt))}` : ''}
            {data.finishedAt ? `, finished at ${formatDateTime(new Date(data.finishedAt))}` : ''}
          </p>
        </div>
        {data.reason ? (
          <p className="mt-1 text-sm text-zinc-700">
            Reason: <q>{data.reason}</q>
          </p>
        ) : null}
        <div
          role="progressbar"
          aria-label="Bulk progress"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={processed}
          aria-valuetext={`${processed} of ${counts.total} processed`}
          className="mt-4 h-3 overflow-hidden rounded-full bg-zinc-100"
        >
          <div className="h-full rounded-full bg-emerald-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700" data-testid="bulk-counts" aria-live="polite">
          <span>
            <strong className="tabular-nums text-zinc-900">{processed}</strong> of {counts.total} processed
          </span>
          <span>
            <strong className="tabular-nums text-emerald-800">{counts.done}</strong> done
          </span>
          <span>
            <strong className="tabular-nums text-amber-800">{counts.alreadyHandled}</strong> already handled
          </span>
          <span>
            <strong className="tabular-nums text-red-800">{counts.error}</strong> {agree(counts.error, 'error', 'errors')}
          </span>
          {counts.pending > 0 ? (
            <span>
              <strong className="tabular-nums">{counts.pending}</strong> pending
            </span>
          ) : null}
        </p>
        {isError ? <p className="mt-2 text-sm text-amber-800">Progress could not be refreshed; retrying.</p> : null}
      </div>

      <DataTable
        caption="The outcome of each instance of the bulk operation"
        columns={COLUMNS}
        rows={data.items}
        testId="bulk-items"
        renderRow={(item) => (
          <tr key={item.position} data-testid="bulk-item" data-outcome={item.outcome ?? 'pending'}>
            <InstanceCells uid={item.uid} name={item.name} cellClass={td} />
            <td className={td}>
              <OutcomeBadge outcome={item.outcome} />
            </td>
            <td className={`${td} min-w-64 text-zinc-700`}>
              {item.resultInstance ? (
                <>
                  Clone <InstanceLink uid={item.uid} name={item.resultInstance} />
                </>
              ) : (
                (item.message ?? <span className="text-zinc-500">waiting</span>)
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
