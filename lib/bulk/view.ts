/** A bulk operation as its page and its progress endpoint show it. */
import 'server-only';
import { getBulkOperation, listBulkItems, type BulkAction, type BulkOperationItemRow, type BulkOperationView, type BulkOutcome } from '@/lib/db/queries/bulk';
import type { FailedAge, TriageAssignee, TriageState } from '@/lib/failed/url';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { MAX_BULK_ITEMS } from '@/lib/validations/bulk';
import { invalidBulkItems, type InvalidBulkItem } from './validity';

/** The inbox filter a selection was frozen from, as the confirmation page describes it. */
export interface FrozenFilter {
  task?: string;
  type?: string;
  session?: string;
  q?: string;
  age?: FailedAge;
  fingerprint?: string;
  state?: TriageState;
  assignee?: TriageAssignee;
  frozenAt: string;
}

export interface BulkOperationPage extends BulkOperationView {
  items: BulkOperationItemRow[];
  filter: FrozenFilter | null;
}

/** Everything the bulk operation page shows. */
export async function getBulkOperationPage(engine: EngineRuntime, id: string): Promise<BulkOperationPage | null> {
  const view = await getBulkOperation(engine.db, id);
  if (!view) return null;
  const items = await listBulkItems(engine.db, id, MAX_BULK_ITEMS);
  const selection = view.operation.selection as { kind?: string; description?: string };
  const filter = selection.kind === 'filter' && selection.description ? (JSON.parse(selection.description) as FrozenFilter) : null;
  return { ...view, items, filter };
}

/** A bulk operation as plain JSON: the page's first render and the progress endpoint's answer. */
export interface BulkSnapshot {
  id: string;
  state: 'draft' | 'running' | 'finished';
  action: BulkAction | null;
  reason: string | null;
  total: number;
  leftOut: number;
  createdBy: string;
  createdAt: string;
  startedBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  counts: BulkOperationView['counts'];
  filter: FrozenFilter | null;
  /** While a draft: the items whose stored kwargs fail today's schema (a replay would fail them again). */
  invalid: InvalidBulkItem[];
  items: {
    position: number;
    uid: string;
    name: string;
    task: string;
    exceptionType: string | null;
    outcome: BulkOutcome | null;
    message: string | null;
    resultInstance: string | null;
  }[];
}

export async function getBulkSnapshot(engine: EngineRuntime, id: string): Promise<BulkSnapshot | null> {
  const page = await getBulkOperationPage(engine, id);
  if (!page) return null;
  const { operation: op } = page;
  return {
    id: op.id,
    state: op.state as BulkSnapshot['state'],
    action: op.action as BulkAction | null,
    reason: op.reason,
    total: op.total,
    leftOut: op.leftOut,
    createdBy: op.createdBy,
    createdAt: op.createdAt.toISOString(),
    startedBy: op.startedBy,
    startedAt: op.startedAt?.toISOString() ?? null,
    finishedAt: op.finishedAt?.toISOString() ?? null,
    counts: page.counts,
    filter: page.filter,
    invalid: op.state === 'draft' ? await invalidBulkItems(engine, op.id) : [],
    items: page.items.map((item) => ({
      position: item.position,
      uid: item.sessionUid,
      name: item.instanceName,
      task: item.task,
      exceptionType: item.exceptionType,
      outcome: item.outcome as BulkOutcome | null,
      message: item.message,
      resultInstance: item.resultInstance,
    })),
  };
}
