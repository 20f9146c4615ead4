'use client';

import { diffLines, type ChangeObject } from 'diff';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { agree, plural } from '@/lib/format';

/** Unchanged lines kept around each change; longer unchanged runs are folded. */
const CONTEXT = 3;

type Row = { key: string; kind: 'added' | 'removed' | 'same' | 'fold'; text: string };

function rows(parts: ChangeObject<string>[]): Row[] {
  const out: Row[] = [];
  parts.forEach((part, i) => {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.added || part.removed) {
      lines.forEach((text, j) => out.push({ key: `${i}-${j}`, kind: part.added ? 'added' : 'removed', text }));
      return;
    }
    const keepHead = i === 0 ? 0 : CONTEXT;
    const keepTail = i === parts.length - 1 ? 0 : CONTEXT;
    if (lines.length <= keepHead + keepTail + 1) {
      lines.forEach((text, j) => out.push({ key: `${i}-${j}`, kind: 'same', text }));
      return;
    }
    lines.slice(0, keepHead).forEach((text, j) => out.push({ key: `${i}-${j}`, kind: 'same', text }));
    const folded = lines.length - keepHead - keepTail;
    out.push({ key: `${i}-fold`, kind: 'fold', text: plural(folded, 'unchanged line') });
    lines.slice(lines.length - keepTail).forEach((text, j) => out.push({ key: `${i}-t${j}`, kind: 'same', text }));
  });
  return out;
}

/** Line diff of two JSON texts: removed lines prefixed "-", added "+", context " ". */
export function JsonDiff({ before, after, testId }: { before: string; after: string; testId?: string }) {
  const parts = diffLines(before.endsWith('\n') ? before : `${before}\n`, after.endsWith('\n') ? after : `${after}\n`);
  const changed = parts.some((part) => part.added || part.removed);
  if (!changed) {
    return (
      <p className="text-sm text-zinc-500" data-testid={testId}>
        No change from the original kwargs.
      </p>
    );
  }
  const added = parts.filter((p) => p.added).reduce((n, p) => n + (p.count ?? 0), 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + (p.count ?? 0), 0);
  return (
    <div data-testid={testId}>
      <p className="mb-1 text-xs text-zinc-600">
        <span className="font-medium text-emerald-800">+{added} added</span>,{' '}
        <span className="font-medium text-red-800">−{removed} removed</span> {agree(added + removed, 'line', 'lines')} compared with the original kwargs
      </p>
      <ScrollRegion as="pre" label="Changed lines" className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 py-2 font-mono text-xs leading-5">
        {rows(parts).map((row) =>
          row.kind === 'fold' ? (
            <div key={row.key} className="px-3 italic text-zinc-500">
              ⋯ {row.text}
            </div>
          ) : (
            <div
              key={row.key}
              className={`whitespace-pre-wrap break-all px-3 ${row.kind === 'added' ? 'bg-emerald-50 text-emerald-900' : row.kind === 'removed' ? 'bg-red-50 text-red-900' : 'text-zinc-600'}`}
              data-diff={row.kind}
            >
              <span aria-hidden="true" className="mr-2 select-none">
                {row.kind === 'added' ? '+' : row.kind === 'removed' ? '-' : ' '}
              </span>
              {row.kind === 'added' ? <span className="sr-only">added: </span> : row.kind === 'removed' ? <span className="sr-only">removed: </span> : null}
              {row.text}
            </div>
          ),
        )}
      </ScrollRegion>
    </div>
  );
}
