/** An exception type as a red badge; the type is written out (never colour alone). */
export function ExceptionBadge({ type }: { type: string | null }) {
  if (!type) return <span className="text-xs italic text-zinc-500">no exception type</span>;
  return (
    <span className="inline-flex whitespace-nowrap rounded-md bg-red-50 px-2 py-0.5 font-mono text-xs font-medium text-red-800 ring-1 ring-inset ring-red-200">
      {type}
    </span>
  );
}
