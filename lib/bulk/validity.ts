/**
 * Which frozen items would fail today's schema if replayed with their original kwargs (issue 15):
 * the confirmation page says how many, and the start can leave them out.
 */
import 'server-only';
import { listBulkItemInputs } from '@/lib/db/queries/bulk';
import { checkAgainst, type SchemaIssue } from '@/lib/recovery/contracts';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { deepMerge, type TriggerKwargs } from '@/lib/triggers';

export interface InvalidBulkItem {
  position: number;
  uid: string;
  name: string;
  task: string;
  issues: SchemaIssue[];
}

/** The pending items whose stored kwargs (withParams merged, as the handler gets them) fail their task's kwargs schema. */
export async function invalidBulkItems(engine: EngineRuntime, id: string): Promise<InvalidBulkItem[]> {
  const invalid: InvalidBulkItem[] = [];
  for (const item of await listBulkItemInputs(engine.db, id)) {
    const handler = item.run && engine.registry.has(item.run) ? engine.registry.get(item.run) : null;
    const issues = checkAgainst('kwargs', handler, deepMerge(item.withParams, item.kwargs as TriggerKwargs));
    if (issues.length > 0) invalid.push({ position: item.position, uid: item.sessionUid, name: item.instanceName, task: item.task, issues });
  }
  return invalid;
}
