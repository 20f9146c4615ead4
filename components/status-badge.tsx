import type { InstanceStatus } from '@/lib/triggers/types';

/** Colour per status; the status is always written out too (never colour alone). */
const STYLES: Record<InstanceStatus, string> = {
  unstarted: 'bg-zinc-100 text-zinc-700 ring-zinc-300',
  scheduled: 'bg-sky-50 text-sky-800 ring-sky-300',
  running: 'bg-blue-50 text-blue-800 ring-blue-300',
  finished: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  failed: 'bg-red-50 text-red-800 ring-red-300',
  replayed: 'bg-violet-50 text-violet-800 ring-violet-300',
  skipped: 'bg-amber-50 text-amber-800 ring-amber-300',
  abandoned: 'bg-stone-100 text-stone-600 ring-stone-300',
};

export function StatusBadge({ status, count }: { status: InstanceStatus; count?: number }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}
    >
      {count !== undefined && <span className="tabular-nums">{count}</span>}
      {count !== undefined && ' '}
      {status}
    </span>
  );
}
