import { CopyButton } from './copy-button';
import { ScrollRegion } from '@/components/ui/scroll-region';

/** JSON as support staff read and paste it: two-space indent, `undefined` kept visible. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A titled, copyable block of pretty JSON. Text only: HTML inside values is shown, never rendered. */
export function JsonBlock({
  title,
  value,
  description,
  empty = 'None',
  testId,
}: {
  title: string;
  value: unknown;
  description?: string;
  /** Shown instead of `{}` / `null`. */
  empty?: string;
  testId?: string;
}) {
  const isEmpty =
    value === null ||
    value === undefined ||
    (typeof value === 'object' && Object.keys(value as object).length === 0);
  const text = prettyJson(value);
  return (
    // A group, not a region: the card around it ("Kwargs", "Result") is the landmark of that name.
    <div role="group" aria-label={title} data-testid={testId} className="min-w-0">
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
          {description ? <p className="text-xs text-zinc-500">{description}</p> : null}
        </div>
        {isEmpty ? null : <CopyButton text={text} />}
      </div>
      {isEmpty ? (
        <p className="rounded-md border border-dashed border-zinc-200 px-3 py-2 text-sm text-zinc-500">{empty}</p>
      ) : (
        <ScrollRegion as="pre" label={`${title} JSON`} className="max-h-96 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800">
          {text}
        </ScrollRegion>
      )}
    </div>
  );
}
