'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type ReactNode } from 'react';
import { queryKeys } from '@/lib/query-keys';
import { liveApiHref } from '@/lib/routes';
import { LiveContext } from './live-context';

/** How often a page with scheduled or running instances asks whether anything moved. */
export const LIVE_POLL_MS = 1_500;
/** How long changed instances stay highlighted after the page refreshed. */
const HIGHLIGHT_MS = 2_500;

interface LiveResponse {
  inFlight: string[];
}

async function fetchLive(uid: string): Promise<LiveResponse> {
  const response = await fetch(liveApiHref(uid), { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/sessions/${uid}/live answered ${response.status}`);
  return (await response.json()) as LiveResponse;
}

function symmetricDifference(a: readonly string[], b: readonly string[]): Set<string> {
  const left = new Set(a);
  const right = new Set(b);
  return new Set([...a.filter((name) => !right.has(name)), ...b.filter((name) => !left.has(name))]);
}

/**
 * Keeps a server-rendered page current while some of the session's instances are scheduled or
 * running: polls the in-flight names every 1.5 s (not while the tab is hidden, and not at all
 * once nothing is in flight), and when that set changes re-renders the page's Server Components
 * with `router.refresh()`, highlighting the instances that moved. Wrap the whole page: `LiveStatus`
 * and `LiveHighlight` inside it read its state.
 *
 * `inFlight` is what the server saw when it rendered the page.
 */
export function LiveRefresh({ uid, inFlight, children }: { uid: string; inFlight: string[]; children: ReactNode }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [refreshing, startTransition] = useTransition();
  const [changed, setChanged] = useState<ReadonlySet<string>>(() => new Set());
  const { data, isError, isFetchedAfterMount } = useQuery({
    queryKey: queryKeys.sessions.live(uid),
    queryFn: () => fetchLive(uid),
    initialData: { inFlight },
    // Poll only while something is in flight; a hidden tab does not poll (it catches up on focus).
    refetchInterval: (query) => ((query.state.data?.inFlight.length ?? 0) > 0 ? LIVE_POLL_MS : false),
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  // A new server render (after an action such as Fire trigger, or a refresh) brings a newer set:
  // it becomes the query's data, so polling starts when the action put something in flight.
  const renderedKey = inFlight.join('\u0000');
  useEffect(() => {
    queryClient.setQueryData(queryKeys.sessions.live(uid), { inFlight: renderedKey === '' ? [] : renderedKey.split('\u0000') });
  }, [queryClient, uid, renderedKey]);

  // Until this page has polled once, the cache may hold another visit's answer: trust the server's.
  const current = isFetchedAfterMount ? data.inFlight : inFlight;

  // What the rendered page reflects: the server's set at render time, then each set we refreshed for.
  const shown = useRef(inFlight);
  useEffect(() => {
    const difference = symmetricDifference(shown.current, current);
    if (difference.size === 0) return;
    shown.current = current;
    setChanged(difference);
    startTransition(() => router.refresh());
  }, [current, router]);

  // The highlight fades once the refreshed page has been on screen for a moment.
  useEffect(() => {
    if (changed.size === 0 || refreshing) return;
    const timer = setTimeout(() => setChanged(new Set()), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [changed, refreshing]);

  return (
    <LiveContext.Provider value={{ changed, inFlight: current, refreshing, failing: isError }}>{children}</LiveContext.Provider>
  );
}
