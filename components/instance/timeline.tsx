import type { InstanceTimestamps } from '@/lib/triggers';
import { formatDuration, formatPreciseTime } from './format';

interface Stamp {
  label: string;
  at: Date;
  raw: string;
}

/** Status stamps oldest first; `created` before the `unstarted` stamp it coincides with. */
function orderedStamps(timestamps: InstanceTimestamps | undefined, createdAt: Date): Stamp[] {
  const entries = Object.entries(timestamps ?? {}).filter(([key]) => key !== 'lastModified');
  if (!entries.some(([key]) => key === 'created')) entries.push(['created', createdAt.toISOString()]);
  const rank = (key: string) => (key === 'created' ? 0 : key === 'unstarted' ? 1 : 2);
  return entries
    .map(([label, raw]) => ({ label, raw: String(raw), at: new Date(String(raw)) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a.label) - rank(b.label));
}

/** Created → each status the instance entered, with the time spent between them. */
export function Timeline({ timestamps, createdAt }: { timestamps: InstanceTimestamps | undefined; createdAt: Date }) {
  const stamps = orderedStamps(timestamps, createdAt);
  const first = stamps[0];
  const last = stamps[stamps.length - 1];
  const lastModified = timestamps?.lastModified;
  return (
    // Inside the "Statuses" card, which names it: one "Timeline" per page (the journal's).
    <div data-testid="timeline">
      <ol className="relative ml-1.5 border-l border-zinc-200">
        {stamps.map((stamp, index) => {
          const previous = stamps[index - 1];
          const gap = previous ? stamp.at.getTime() - previous.at.getTime() : null;
          return (
            <li key={stamp.label} className="relative pb-3 pl-5 last:pb-0">
              <span aria-hidden className="absolute -left-[5px] top-1.5 size-2.5 rounded-full border-2 border-white bg-zinc-400 ring-1 ring-zinc-300" />
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                <span className="text-sm font-medium text-zinc-900">{stamp.label}</span>
                <time dateTime={stamp.raw} className="font-mono text-xs text-zinc-600">
                  {formatPreciseTime(stamp.at)}
                </time>
                {gap !== null ? (
                  <span className="text-xs text-zinc-500">+{formatDuration(gap)} after {previous?.label}</span>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <p className="mt-3 text-xs text-zinc-500">
        {first && last && first !== last ? <>Total {formatDuration(last.at.getTime() - first.at.getTime())}. </> : null}
        {lastModified ? (
          <>
            Last modified <time dateTime={lastModified}>{formatPreciseTime(lastModified)}</time>.
          </>
        ) : null}
      </p>
    </div>
  );
}
