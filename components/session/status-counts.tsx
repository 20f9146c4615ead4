import { StatusBadge } from '@/components/status-badge';
import { INSTANCE_STATUSES, type InstanceStatus } from '@/lib/triggers/types';

/** One badge per status with a non-zero count, in the engine's status order. */
export function StatusCounts({ counts, empty = 'no instances' }: { counts: Record<InstanceStatus, number>; empty?: string }) {
  const present = INSTANCE_STATUSES.filter((status) => counts[status] > 0);
  if (present.length === 0) return <span className="text-xs text-zinc-500">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {present.map((status) => (
        <StatusBadge key={status} status={status} count={counts[status]} />
      ))}
    </span>
  );
}
