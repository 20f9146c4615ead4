import { EVENT_KINDS, type EventKind } from '@/lib/triggers';

/** What each kind of journal event is called on screen. */
export const JOURNAL_KIND_LABELS: Record<EventKind, string> = {
  'configuration-updated': 'Configuration updated',
  'trigger-fired': 'Trigger fired',
  'instance-status-changed': 'Status changed',
  'instance-replayed': 'Replayed',
  'instance-skipped': 'Skipped',
  'metadata-updated': 'Metadata updated',
  'logs-resolved': 'Logs resolved',
  'state-changed': 'State changed',
};

/** The colours of each kind's badge (the label is always written too). */
export const KIND_STYLES: Record<EventKind, string> = {
  'configuration-updated': 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  'trigger-fired': 'bg-sky-50 text-sky-800 ring-sky-200',
  'instance-status-changed': 'bg-zinc-100 text-zinc-700 ring-zinc-300',
  'instance-replayed': 'bg-violet-50 text-violet-800 ring-violet-200',
  'instance-skipped': 'bg-amber-50 text-amber-900 ring-amber-200',
  'metadata-updated': 'bg-zinc-100 text-zinc-700 ring-zinc-300',
  'logs-resolved': 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  'state-changed': 'bg-stone-100 text-stone-600 ring-stone-300',
};

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value);
}

/** The label of a stored kind; a kind this version does not know shows as it was written. */
export function journalKindLabel(kind: string, data?: Record<string, unknown>): string {
  if (kind === 'instance-replayed' && data?.by === 'retry') return 'Retried';
  return isEventKind(kind) ? JOURNAL_KIND_LABELS[kind] : kind;
}
