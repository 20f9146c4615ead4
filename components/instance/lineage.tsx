import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import { LiveHighlight } from '@/components/live/live-highlight';
import type { InstanceStatus } from '@/lib/triggers';
import { instanceHref } from '@/lib/routes';
import { plural } from '@/lib/format';

export interface LineageEntry {
  name: string;
  status: InstanceStatus;
  depth: number;
  exceptionType: string | null;
}

function Row({ uid, entry, current }: { uid: string; entry: LineageEntry; current?: boolean }) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" style={{ paddingLeft: `${Math.min(entry.depth, 8) * 1.25}rem` }}>
      <span className="w-14 shrink-0 text-xs tabular-nums text-zinc-500">depth {entry.depth}</span>
      {current ? (
        <span className="font-mono text-[13px] font-semibold text-zinc-900" aria-current="page">
          {entry.name} <span className="font-sans text-xs font-normal text-zinc-500">(this instance)</span>
        </span>
      ) : (
        <Link href={instanceHref(uid, entry.name)} className="font-mono text-[13px] text-sky-800 underline-offset-4 hover:underline">
          {entry.name}
        </Link>
      )}
      <LiveHighlight name={entry.name}>
        <StatusBadge status={entry.status} />
      </LiveHighlight>
      {entry.exceptionType ? <span className="font-mono text-xs text-red-700">{entry.exceptionType}</span> : null}
    </li>
  );
}

/**
 * Replay lineage: the instances this one was cloned from (oldest first), this one, and the clones
 * made from it (by replay or by the handler's retry), each linked with its status.
 */
export function Lineage({
  uid,
  current,
  ancestors,
  descendants,
}: {
  uid: string;
  current: LineageEntry;
  ancestors: LineageEntry[];
  descendants: LineageEntry[];
}) {
  if (ancestors.length === 0 && descendants.length === 0) {
    return (
      <p className="text-sm text-zinc-500" data-testid="lineage">
        An original instance: it was not cloned from another one, and it has not been replayed or retried.
      </p>
    );
  }
  return (
    <div data-testid="lineage">
      <ol aria-label="Lineage" className="divide-y divide-zinc-100">
        {ancestors.map((entry) => (
          <Row key={entry.name} uid={uid} entry={entry} />
        ))}
        <Row uid={uid} entry={current} current />
        {descendants.map((entry) => (
          <Row key={entry.name} uid={uid} entry={entry} />
        ))}
      </ol>
      <p className="mt-2 text-xs text-zinc-500">
        {ancestors.length > 0 ? `Cloned from ${plural(ancestors.length, 'earlier instance')}. ` : ''}
        {descendants.length > 0
          ? `${plural(descendants.length, 'clone')} made from it by replay or retry.`
          : 'No clones made from it.'}
      </p>
    </div>
  );
}
