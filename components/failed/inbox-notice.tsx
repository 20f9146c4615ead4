'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { ROW_REPLAYED_EVENT, type RowReplayedDetail } from './row-replay';

/**
 * What the last inline replay of the inbox did, with its clone and the next failure under the
 * same filter. It stands outside the list, which refreshes (and loses the replayed row) at once;
 * the focus moves to "Next failure →" so the keyboard goes on from there.
 */
export function InboxNotice() {
  const [done, setDone] = useState<RowReplayedDetail | null>(null);
  const next = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    const show = (event: Event) => setDone((event as CustomEvent<RowReplayedDetail>).detail);
    window.addEventListener(ROW_REPLAYED_EVENT, show);
    return () => window.removeEventListener(ROW_REPLAYED_EVENT, show);
  }, []);
  useEffect(() => {
    if (done) next.current?.focus();
  }, [done]);
  if (!done) return null;
  return (
    <div role="status" className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900" data-testid="inbox-notice">
      <span>{done.message}</span>
      <Link href={done.cloneHref} className="underline underline-offset-4">
        Open the clone
      </Link>
      {/* Plain, as on the instance page (components/failed/inbox-nav.tsx). */}
      <a ref={next} href={done.nextHref} className="font-medium underline underline-offset-4" data-shortcut="next" data-testid="next-failure">
        Next failure →
      </a>
    </div>
  );
}
