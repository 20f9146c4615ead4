import Link from 'next/link';

const pageLink = 'rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-50';

/**
 * "← First page" / "Next page →" for keyset-paginated lists (there is no "previous": a cursor
 * only goes forward). Renders nothing on a single page.
 */
export function KeysetPager({
  firstHref,
  nextHref,
  label = 'Pages',
  nextTestId,
}: {
  /** Set when this is a later page. */
  firstHref?: string | null;
  /** Set when there is a next page. */
  nextHref?: string | null;
  label?: string;
  nextTestId?: string;
}) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-3 text-sm">
      {firstHref ? (
        <Link href={firstHref} className={pageLink}>
          ← First page
        </Link>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Link href={nextHref} className={pageLink} data-testid={nextTestId}>
          Next page →
        </Link>
      ) : (
        <span className="text-zinc-500">Last page</span>
      )}
    </nav>
  );
}
