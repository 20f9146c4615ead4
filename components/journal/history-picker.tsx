import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ApplyFiltersButton, FilterField, filterControl } from '@/components/ui/filter-fields';
import { historyHref } from '@/lib/routes';

const navLink = 'rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50';
const control = `${filterControl} w-32 font-mono`;

/**
 * The history page's controls: pick the event to show (and one to compare with) as a plain GET
 * form, and step to the previous or next event, the latest, or what an event changed.
 */
export function HistoryPicker({
  uid,
  firstSeq,
  lastSeq,
  at,
  compare,
  invalidAt,
  invalidCompare,
  hasSnapshot,
}: {
  uid: string;
  /** The earliest and latest state that can be shown. */
  firstSeq: number;
  lastSeq: number;
  at: number;
  compare?: number;
  /** What the URL held that was not an event number (kept in the field to correct). */
  invalidAt?: string;
  invalidCompare?: string;
  /** The state at `at` could be rebuilt. */
  hasSnapshot: boolean;
}) {
  // Comparing with the previous event ("what this event changed") moves along with prev/next.
  const relative = compare !== undefined && compare === at - 1;
  const step = (seq: number) => historyHref(uid, seq, relative ? (seq - 1 >= firstSeq ? seq - 1 : undefined) : compare);
  const range = { min: firstSeq, max: lastSeq, step: 1, type: 'number', inputMode: 'numeric' } as const;
  return (
    <Card className="mb-6 px-4 py-3">
      <form method="get" action={historyHref(uid)} className="flex flex-wrap items-end gap-3" aria-label="Pick an event" data-testid="history-picker">
        <FilterField id="history-at" label="State after event #">
          <input id="history-at" name="at" {...range} defaultValue={invalidAt ?? at} className={control} />
        </FilterField>
        <FilterField
          id="history-compare"
          label={
            <>
              Compare with event # <span className="font-normal text-zinc-500">(optional)</span>
            </>
          }
        >
          <input id="history-compare" name="compare" {...range} defaultValue={invalidCompare ?? compare ?? ''} className={control} />
        </FilterField>
        <ApplyFiltersButton>Show</ApplyFiltersButton>
        <p className="self-center text-xs text-zinc-500">
          {firstSeq === 0
            ? `Events 1 to ${lastSeq}; #0 is before anything happened.`
            : `Events ${firstSeq} to ${lastSeq}: events up to #${firstSeq} were removed by retention, the state after #${firstSeq} is kept.`}
        </p>
      </form>
      {invalidAt === undefined ? (
        <nav aria-label="Events" className="mt-3 flex flex-wrap items-center gap-2">
          {at - 1 >= firstSeq && at - 1 <= lastSeq ? (
            <Link href={step(at - 1)} className={navLink} data-testid="history-prev">
              ← Event #{at - 1}
            </Link>
          ) : null}
          {at + 1 <= lastSeq && at + 1 >= firstSeq ? (
            <Link href={step(at + 1)} className={navLink} data-testid="history-next">
              Event #{at + 1} →
            </Link>
          ) : null}
          {at !== lastSeq ? (
            <Link href={historyHref(uid, lastSeq)} className={navLink}>
              Latest (#{lastSeq})
            </Link>
          ) : null}
          {at >= 1 && at - 1 >= firstSeq && hasSnapshot && compare !== at - 1 ? (
            <Link href={historyHref(uid, at, at - 1)} className={navLink}>
              What event #{at} changed
            </Link>
          ) : null}
          {at !== lastSeq && hasSnapshot && compare !== lastSeq ? (
            <Link href={historyHref(uid, at, lastSeq)} className={navLink}>
              Compare with the latest
            </Link>
          ) : null}
          {compare !== undefined ? (
            <Link href={historyHref(uid, at)} className="text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
              Stop comparing
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Card>
  );
}
