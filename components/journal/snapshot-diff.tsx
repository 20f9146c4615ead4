import { Card } from '@/components/ui/card';
import type { DiffEntry, SnapshotAt } from '@/lib/journal';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { plural } from '@/lib/format';

/** A JSON value in a diff: inline when short, collapsed (pretty-printed) when long. Text only. */
function DiffValue({ value }: { value: unknown }) {
  const json = JSON.stringify(value) ?? 'undefined';
  if (json.length <= 120) return <code className="break-all font-mono text-xs">{json}</code>;
  return (
    <details className="inline-block max-w-full align-top">
      <summary className="cursor-pointer break-all font-mono text-xs">{json.slice(0, 80)}…</summary>
      <ScrollRegion as="pre" label="The whole value" className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-white p-2 font-mono text-xs text-zinc-800">
        {JSON.stringify(value, null, 2)}
      </ScrollRegion>
    </details>
  );
}

const ENTRY_STYLES: Record<DiffEntry['kind'], { row: string; badge: string; label: string }> = {
  added: { row: 'bg-emerald-50/60', badge: 'bg-emerald-100 text-emerald-900 ring-emerald-300', label: '+ added' },
  removed: { row: 'bg-red-50/60', badge: 'bg-red-100 text-red-900 ring-red-300', label: '− removed' },
  changed: { row: '', badge: 'bg-zinc-100 text-zinc-700 ring-zinc-300', label: '~ changed' },
};

export function DiffList({ entries }: { entries: DiffEntry[] }) {
  return (
    <Card>
      <ul className="divide-y divide-zinc-100 text-sm">
        {entries.map((entry, i) => {
          const style = ENTRY_STYLES[entry.kind];
          return (
            <li key={`${entry.path}\u0000${i}`} className={`px-4 py-2 ${style.row}`} data-testid="history-diff-entry" data-kind={entry.kind}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}>{style.label}</span>
                <code className="break-all font-mono text-[13px] font-medium text-zinc-900">{entry.path}</code>
              </div>
              <div className="mt-1 pl-1">
                {entry.kind === 'added' ? (
                  <span className="text-emerald-800">
                    <DiffValue value={entry.after} />
                  </span>
                ) : entry.kind === 'removed' ? (
                  <span className="text-red-800 line-through decoration-red-300">
                    <DiffValue value={entry.before} />
                  </span>
                ) : (
                  <span className="flex flex-wrap items-baseline gap-x-2">
                    <span className="text-red-800">
                      <DiffValue value={entry.before} />
                    </span>
                    <span aria-label="became" className="text-zinc-500">
                      →
                    </span>
                    <span className="text-emerald-800">
                      <DiffValue value={entry.after} />
                    </span>
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** Where the snapshot was rebuilt from, in small text. */
export function Provenance({ snapshot }: { snapshot: SnapshotAt }) {
  const events = plural(snapshot.replayed, 'event');
  return (
    <p className="mt-2 text-xs text-zinc-500" data-testid="history-provenance">
      {snapshot.fromCheckpoint !== null ? `Rebuilt from checkpoint #${snapshot.fromCheckpoint} + ${events}.` : `Rebuilt from the start of the journal: ${events} replayed.`}
    </p>
  );
}
