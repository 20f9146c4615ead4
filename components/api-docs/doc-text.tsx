import type { TypeText } from '@/lib/api/docs-view';

/** Text with `code` spans, as the API's descriptions write it. */
export function DocText({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] text-zinc-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A type in words; a named schema links to its entry below. */
export function TypeLink({ type }: { type: TypeText }) {
  return (
    <span className="font-mono text-xs text-zinc-700">
      {type.text}
      {type.text && type.ref ? ' ' : ''}
      {type.ref ? (
        <a href={`#schema-${type.ref}`} className="font-semibold text-sky-800 underline underline-offset-2">
          {type.ref}
        </a>
      ) : null}
    </span>
  );
}

const METHOD_COLOURS: Record<string, string> = {
  GET: 'bg-sky-100 text-sky-900',
  POST: 'bg-emerald-100 text-emerald-900',
  PUT: 'bg-amber-100 text-amber-900',
};

export function MethodBadge({ method }: { method: string }) {
  return <span className={`inline-block w-14 rounded px-1.5 py-0.5 text-center font-mono text-xs font-bold ${METHOD_COLOURS[method] ?? 'bg-zinc-100 text-zinc-900'}`}>{method}</span>;
}
