/** Shown while the session page loads: the page's shape, announced to screen readers. */
export function SessionLoading() {
  const bar = 'animate-pulse rounded bg-zinc-200';
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">Loading the session…</span>
      <div className={`${bar} h-4 w-32`} />
      <div className={`${bar} mt-3 h-7 w-96 max-w-full`} />
      <div className={`${bar} mt-4 h-12 w-full`} />
      {[0, 1, 2].map((i) => (
        <div key={i} className="mt-8 space-y-2">
          <div className={`${bar} h-5 w-40`} />
          <div className={`${bar} h-28 w-full`} />
        </div>
      ))}
    </div>
  );
}
