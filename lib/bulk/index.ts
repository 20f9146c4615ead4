/**
 * Bulk recovery from the failed inbox, in three steps:
 *  1. freeze: the ticked rows (or everything a filter matches) that are failed *now* become an
 *     explicit, numbered list — a draft. Instances that fail later are never swept in.
 *  2. start: the draft becomes running with an action and a reason, by compare-and-set, so a
 *     double submit starts it once.
 *  3. process: items are claimed a few at a time and each is replayed (original kwargs) or
 *     skipped (no cascade) through lib/recovery, recording done / already handled / error.
 * An instance cannot be acted on twice: the engine refuses to replay or skip a non-failed one.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import {
  claimBulkItems,
  createBulkDraft,
  finishBulkOperationIfDone,
  getBulkOperation,
  listRunningBulkOperations,
  recordBulkOutcome,
  startBulkOperation,
  type BulkAction,
  type BulkOperationItemRow,
  type BulkOperationView,
  type BulkOutcome,
  type BulkSelection,
} from '@/lib/db/queries/bulk';
import { insertAuditEvent } from '@/lib/audit';
import { can, type Role } from '@/lib/auth/roles';
import type { SqlTransactionCapability } from '@/lib/db';
import { getUserByEmail } from '@/lib/db/queries/users';
import type { Database } from '@/lib/db/client';
import { ageBounds } from '@/lib/failed';
import type { ActionResult } from '@/lib/actions/result';
import { replayInstance, skipInstance, type Actor } from '@/lib/recovery';
import { describeIssues } from '@/lib/triggers';
import { invalidBulkItems } from './validity';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { MAX_BULK_ITEMS, type BulkSelectionInput, type BulkStartInput } from '@/lib/validations/bulk';
import type { FrozenFilter } from './view';
import { plural } from '@/lib/format';

export type { BulkAction, BulkOperationView, BulkOutcome };
export type { BulkOperationItemRow as BulkItem };
export { invalidBulkItems, type InvalidBulkItem } from './validity';
export { getBulkOperationPage, getBulkSnapshot, type BulkOperationPage, type BulkSnapshot, type FrozenFilter } from './view';

// One at a time: a claim is never held while other items are worked, so it cannot go stale mid-batch.
const ITEMS_PER_CLAIM = 1;
/**
 * A claim older than this is taken over whoever holds it, and a process silent this long holds
 * no claim (see claimBulkItems).
 */
const STALE_CLAIM_MS = 60_000;

/** Step 1: freezes a selection into a draft. Nothing is acted on yet. */
export async function freezeBulkSelection(
  engine: EngineRuntime,
  input: BulkSelectionInput,
  actor: Actor,
  now: Date = new Date(),
): Promise<ActionResult<{ id: string; total: number; leftOut: number }>> {
  let selection: BulkSelection;
  if (input.scope === 'instances') {
    selection = { kind: 'instances', instances: input.instances };
  } else {
    const { fingerprint, state = 'all', assignee = 'anyone' } = input;
    const frozen: FrozenFilter = { task: input.task, type: input.type, session: input.session, q: input.q, age: input.age, fingerprint, state, assignee, frozenAt: now.toISOString() };
    selection = {
      kind: 'filter',
      // Bulk actions need 'operate', whose roles read payloads: the filter searches them too.
      filter: {
        task: input.task,
        exceptionType: input.type,
        session: input.session,
        contains: input.q,
        containsPayloads: true,
        fingerprint,
        ...ageBounds(input.age, now),
        ...(state === 'all' && assignee === 'anyone' ? {} : { triage: { state, assignee, userId: actor.id ?? '', now } }),
      },
      description: JSON.stringify(frozen),
    };
  }
  const draft = await createBulkDraft(engine.db, { id: randomUUID(), selection, createdBy: actor.email, cap: MAX_BULK_ITEMS });
  if (draft.id === null) {
    return {
      ok: false,
      code: 'already-handled',
      message: 'None of the selected instances is failed any more (they were replayed or skipped meanwhile): nothing to act on.',
    };
  }
  return {
    ok: true,
    message: `Froze ${draft.total} failed instance${draft.total === 1 ? '' : 's'}.`,
    data: { id: draft.id, total: draft.total, leftOut: draft.leftOut },
  };
}

/**
 * Step 2: starts a draft with an action and a reason. A second submit (double click, second tab)
 * does not start it again: it answers `started: false` and says who started it and when.
 */
export async function startBulk(
  engine: EngineRuntime,
  { id, action, reason, excludeInvalid = false }: Omit<BulkStartInput, 'excludeInvalid'> & { excludeInvalid?: boolean },
  actor: Actor,
): Promise<ActionResult<{ id: string; started: boolean }>> {
  // Only a replay runs the stored kwargs again; checked now, against today's schemas.
  const leaveOut = action === 'replay' && excludeInvalid ? await invalidBulkItems(engine, id) : [];
  if (leaveOut.length > 0) {
    const draft = await getBulkOperation(engine.db, id);
    if (draft && !draft.operation.startedAt && leaveOut.length >= draft.operation.total) {
      return { ok: false, code: 'rejected', message: 'Every instance would be left out: there is nothing to replay. Nothing was started.' };
    }
  }
  // The start, the left-out items' outcomes and the audit row commit together.
  const started = await engine.db.transaction(async (tx) => {
    const row = await startBulkOperation(tx as unknown as Database, { id, action, reason, startedBy: actor.email });
    if (row) {
      for (const item of leaveOut) {
        await recordBulkOutcome(tx as unknown as Database, id, item.position, {
          outcome: 'error',
          message: `Left out: its stored kwargs fail today's schema (${describeIssues(item.issues)}).`,
        });
      }
      const excluded = leaveOut.length > 0 ? { excludeInvalid: true, leftOut: leaveOut.map((i) => ({ uid: i.uid, instance: i.name })) } : {};
      await insertAuditEvent(
        tx,
        actor,
        { action: 'bulk-start', input: { action, reason, instances: row.total, ...excluded }, bulkOperationId: id },
        { outcome: 'ok', result: { total: row.total, leftOut: leaveOut.length } },
      );
    }
    return row;
  });
  if (started) {
    const out = leaveOut.length > 0 ? `, leaving out ${leaveOut.length} whose kwargs fail today's schema` : '';
    return { ok: true, message: `Started: ${action} of ${plural(started.total, 'instance')}${out}.`, data: { id, started: true } };
  }
  const existing = await getBulkOperation(engine.db, id);
  if (!existing) return { ok: false, code: 'not-found', message: 'This bulk operation does not exist (it may have been discarded).' };
  const { operation } = existing;
  return {
    ok: true,
    message: `This bulk operation was already started by ${operation.startedBy ?? 'someone'} at ${operation.startedAt?.toISOString() ?? '?'}; it was not started twice.`,
    data: { id, started: false },
  };
}

/** What the bulk page says of an item this operation replayed or skipped. */
function doneOutcome(action: BulkAction, item: BulkOperationItemRow, clone: string | undefined) {
  return action === 'replay'
    ? { outcome: 'done' as const, message: `Replaying ${item.instanceName} as ${clone ?? 'a clone'}.`, resultInstance: clone ?? null }
    : { outcome: 'done' as const, message: `Skipped ${item.instanceName}. Tasks waiting on ${item.task} will not run.`, resultInstance: null };
}

/**
 * Whether this operation itself replayed or skipped the item's instance (its metadata names the
 * operation): an item acted on before a crash by a version that recorded outcomes separately.
 */
async function handledByThisOperation(engine: EngineRuntime, action: BulkAction, item: BulkOperationItemRow) {
  const store = engine.managerFor(item.sessionUid).store;
  const instance = await store.instance(item.instanceName);
  const by = (meta: unknown) => (meta as { bulkOperation?: string } | undefined)?.bulkOperation === item.operationId;
  if (action === 'skip') return instance.status === 'skipped' && by(instance.metadata.skip) ? doneOutcome(action, item, undefined) : null;
  if (instance.status !== 'replayed') return null;
  const clone = (await store.instancesOfTask(item.task)).find((i) => i.metadata.parent === item.instanceName && by(i.metadata.replay));
  return clone ? doneOutcome(action, item, clone.name) : null;
}

async function processItem(
  engine: EngineRuntime,
  action: BulkAction,
  item: BulkOperationItemRow,
  reason: string,
  actor: Actor,
): Promise<{ outcome: BulkOutcome; message: string; resultInstance?: string | null }> {
  const input = { uid: item.sessionUid, instance: item.instanceName, reason };
  const context = { bulkOperation: item.operationId };
  // The item's outcome commits in the replay's or skip's own transaction (after its audit row):
  // a crash leaves both or neither, so a resumed operation never mistakes its own work for
  // someone else's ("already handled").
  const recordWithChange = async (tx: SqlTransactionCapability) => {
    const clone = tx.changes().find((c) => c.from === null && c.task === item.task)?.name;
    await recordBulkOutcome(tx.executor, item.operationId, item.position, doneOutcome(action, item, clone));
  };
  try {
    const result =
      action === 'replay'
        ? await replayInstance(engine, { ...input, mode: 'original', override: false }, actor, context, recordWithChange)
        : await skipInstance(engine, { ...input, cascade: false, simulatedResult: {}, override: false }, actor, context, recordWithChange);
    if (result.ok) return doneOutcome(action, item, 'clone' in result.data ? result.data.clone.name : undefined);
    if (result.code === 'already-handled') {
      return (await handledByThisOperation(engine, action, item)) ?? { outcome: 'already-handled', message: result.message };
    }
    return { outcome: 'error', message: result.message };
  } catch (error) {
    return { outcome: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * The user who started an operation acts for each item (as the audit trail records), as long as
 * they still may: not disabled, still an operator. (No account: started by a script, allowed.)
 */
async function startedBy(db: Database, email: string): Promise<{ actor: Actor; allowed: boolean }> {
  const user = await getUserByEmail(db, email);
  if (!user) return { actor: { id: null, email, name: email, role: 'operator' }, allowed: true };
  const role = user.role as Role;
  return { actor: { id: user.id, email: user.email, name: user.name, role }, allowed: !user.disabled && can(role, 'operate') };
}

/**
 * Step 3: works through a running operation's pending items until none is left, then marks it
 * finished. Safe to run in several processes at once (items are claimed with SKIP LOCKED).
 */
export async function processBulkOperation(engine: EngineRuntime, id: string): Promise<BulkOperationView | null> {
  const view = await getBulkOperation(engine.db, id);
  if (!view || view.operation.state !== 'running' || !view.operation.action) return view;
  const { action, reason } = view.operation;
  for (;;) {
    // Checked before each item: a user disabled or demoted meanwhile stops acting.
    const { actor, allowed } = await startedBy(engine.db, view.operation.startedBy ?? 'unknown');
    const items = await claimBulkItems(engine.db, id, {
      limit: ITEMS_PER_CLAIM,
      staleAfterMs: STALE_CLAIM_MS,
      owner: engine.processId,
      ownerSilenceSeconds: STALE_CLAIM_MS / 1000,
    });
    if (items.length === 0) break;
    if (!allowed) {
      for (const item of items) {
        await recordBulkOutcome(engine.db, id, item.position, {
          outcome: 'error',
          message: `Not done: ${actor.email} may no longer replay or skip (disabled, or no longer an operator).`,
        });
      }
      continue;
    }
    for (const item of items) {
      const outcome = await processItem(engine, action as BulkAction, item, reason ?? '', actor);
      await recordBulkOutcome(engine.db, id, item.position, outcome);
    }
  }
  await finishBulkOperationIfDone(engine.db, id);
  return getBulkOperation(engine.db, id);
}

/**
 * Continues running operations: those a dead process left (its claimed item is taken over, see
 * claimBulkItems) and those another live process is working on (both share the items). Cheap
 * and idempotent: lib/runtime/app-recovery.ts calls it at boot, when the database comes back
 * after a failed start, and every minute.
 */
export async function resumeBulkOperations(engine: EngineRuntime): Promise<string[]> {
  const ids = await listRunningBulkOperations(engine.db);
  for (const id of ids) await processBulkOperation(engine, id);
  return ids;
}
