/** Shown while the failed inbox loads: the page's shape, announced to screen readers. */
export default function Loading() {
  const bar = 'animate-pulse rounded bg-zinc-200';
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">Loading the failed instances…</span>
      <div className={`${bar} h-7 w-64`} />
      <div className={`${bar} mt-3 h-4 w-[32rem] max-w-full`} />
      <div className={`${bar} mt-8 h-12 w-full`} />
      <div className={`${bar} mt-4 h-4 w-80 max-w-full`} />
      <div className="mt-3 space-y-2">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className={`${bar} h-10 w-full`} />
        ))}
      </div>
    </div>
  );
}
