import type { GroupStatus } from '@/lib/failed/group-status';

const STYLES: Record<GroupStatus, { text: string; className: string }> = {
  open: { text: 'Unresolved', className: 'bg-zinc-100 text-zinc-800 ring-zinc-300' },
  reopened: { text: 'Reopened', className: 'bg-amber-50 text-amber-900 ring-amber-300' },
  resolved: { text: 'Resolved', className: 'bg-emerald-50 text-emerald-900 ring-emerald-300' },
  snoozed: { text: 'Snoozed', className: 'bg-sky-50 text-sky-900 ring-sky-300' },
};

/** A failure group's triage state, in words (never colour alone). */
export function GroupStatusBadge({ status }: { status: GroupStatus }) {
  const { text, className } = STYLES[status];
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`} data-testid="group-status" data-status={status}>
      {text}
    </span>
  );
}
