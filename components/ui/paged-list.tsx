import Link from 'next/link';
import type { ReactNode } from 'react';
import { KeysetPager } from './keyset-pager';

/** What an empty page past the end says (a cursor from an older list), with the way back. */
export function PastLastPage({ firstHref, linkClassName = 'font-medium text-zinc-900 underline underline-offset-4' }: { firstHref: string; linkClassName?: string }) {
  return (
    <>
      This is past the last page.{' '}
      <Link href={firstHref} className={linkClassName}>
        First page
      </Link>
    </>
  );
}

/** Said when a page link's cursor was not one of ours (an old or mangled link). */
export function CursorResetNote({ testId }: { testId?: string }) {
  return (
    <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid={testId}>
      The page link was not valid (it may come from an older version of this page), so the first page is shown.
    </p>
  );
}

/**
 * The layout around a keyset-paginated table: the note when the cursor was reset, a one-line
 * summary (how many, which filters, which page), the table or its empty state, and the pager.
 */
export function PagedList({
  cursorReset = false,
  cursorResetTestId,
  summary,
  summaryTestId,
  pager,
  children,
}: {
  cursorReset?: boolean;
  cursorResetTestId?: string;
  summary?: ReactNode;
  summaryTestId?: string;
  /** Absent: a list with no pages (or not shown as pages). */
  pager?: { firstHref?: string | null; nextHref?: string | null; label?: string; nextTestId?: string };
  children: ReactNode;
}) {
  return (
    <>
      {cursorReset ? <CursorResetNote testId={cursorResetTestId} /> : null}
      {summary ? (
        <p className="mb-2 text-sm text-zinc-600" data-testid={summaryTestId}>
          {summary}
        </p>
      ) : null}
      {children}
      {pager ? <KeysetPager {...pager} /> : null}
    </>
  );
}
