'use client';

import { useLive } from './live-context';
import { plural } from '@/lib/format';

/** One quiet line saying whether the page is refreshing by itself, and why. */
export function LiveStatus() {
  const { inFlight, refreshing, failing } = useLive();
  const count = inFlight.length;
  return (
    <div
      role="status"
      data-testid="live-refresh"
      data-state={count > 0 ? 'polling' : 'idle'}
      className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500"
    >
      {count > 0 ? (
        <>
          <span aria-hidden className="relative flex size-2">
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-sky-400 opacity-75" />
            <span className="relative inline-flex size-2 rounded-full bg-sky-500" />
          </span>
          <span>
            Live: {plural(count, 'instance')} of this session scheduled or running; this page
            updates by itself{refreshing ? ' (updating…)' : ''}.
          </span>
        </>
      ) : (
        <>
          <span aria-hidden className="size-2 rounded-full bg-zinc-300" />
          <span>Nothing in this session is scheduled or running, so this page does not refresh by itself.</span>
        </>
      )}
      {failing ? <span className="text-amber-700">Live updates are failing; reload the page to retry.</span> : null}
    </div>
  );
}
