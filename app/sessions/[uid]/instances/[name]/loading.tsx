/** Shown while the instance loads: the page's shape, without content. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the instance" className="animate-pulse">
      <div className="mb-3 h-4 w-72 rounded bg-zinc-200" />
      <div className="mb-6 h-8 w-96 max-w-full rounded bg-zinc-200" />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <div className="h-56 rounded-lg bg-zinc-200/70" />
          <div className="h-32 rounded-lg bg-zinc-200/70" />
        </div>
        <div className="space-y-6 lg:col-span-2">
          <div className="h-48 rounded-lg bg-zinc-200/70" />
          <div className="h-24 rounded-lg bg-zinc-200/70" />
        </div>
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
