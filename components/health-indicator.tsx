'use client';

import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';

interface Health {
  ok: boolean;
  database: { kind: 'pglite' | 'postgres'; ok: boolean; latencyMs: number };
}

async function fetchHealth(): Promise<Health> {
  const response = await fetch('/api/health', { cache: 'no-store' });
  // 503 still carries a report; anything else without JSON is an outage.
  return (await response.json()) as Health;
}

const kindLabel = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;

/** Small live badge in the header: is the database answering? Refreshes every 30 s. */
export function HealthIndicator() {
  const { data, isPending, isError } = useQuery({
    queryKey: queryKeys.health,
    queryFn: fetchHealth,
    refetchInterval: 30_000,
  });

  const state = isPending ? 'pending' : isError || !data?.ok ? 'down' : 'up';
  const dot = { pending: 'bg-zinc-300', up: 'bg-emerald-500', down: 'bg-red-500' }[state];
  const text =
    state === 'pending'
      ? 'Checking database…'
      : state === 'up' && data
        ? `${kindLabel[data.database.kind]} · ${Math.round(data.database.latencyMs)} ms`
        : 'Database unavailable';

  return (
    <div
      role="status"
      data-testid="health-indicator"
      data-state={state}
      title={text}
      className="flex items-center gap-2 rounded-full border border-zinc-200 bg-white px-2 py-2 text-xs text-zinc-600 sm:px-3 sm:py-1"
    >
      <span aria-hidden className={`size-2 shrink-0 rounded-full ${dot}`} />
      <span className="sr-only sm:not-sr-only">{text}</span>
    </div>
  );
}
