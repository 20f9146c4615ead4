/**
 * The audit trail: who changed what, when, with which input, and how it ended. A change's row is
 * written in the change's own transaction (through the store's `beforeCommit` seam for engine
 * operations), so neither exists without the other. A refused or failed attempt gets a row with
 * its error, and changes nothing else. Previews and drafts are never recorded.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { SqlTransactionCapability } from '@/lib/db';
import { auditEventExists, insertAuditRow, markAuditEventFailed, type AuditExecutor } from '@/lib/db/queries/audit';
import type { EngineRuntime } from '@/lib/runtime/engine';
import type { TriggerManager } from '@/lib/triggers';
import type { Role } from '@/lib/auth/roles';

import type { AuditAction } from '@/lib/db/queries/audit';
export { AUDIT_ACTIONS, type AuditAction } from '@/lib/db/queries/audit';

/**
 * Who acts: a signed-in user (or, for work they started, the user who started it), an API token
 * (`id` the token's id, `email` `token:<name>`), the CLI, or the system itself.
 */
export type ActorKind = 'user' | 'token' | 'cli' | 'system';

export interface Actor {
  /** Default 'user'. */
  kind?: ActorKind;
  id: string | null;
  email: string;
  name: string;
  role: Role;
}

export interface AuditEntry {
  action: AuditAction;
  sessionUid?: string | null;
  instanceName?: string | null;
  /** What was asked for: kwargs, simulated result, reason, role, … (never a password). */
  input: Record<string, unknown>;
  bulkOperationId?: string | null;
}

export async function insertAuditEvent(
  executor: AuditExecutor,
  actor: Actor,
  entry: AuditEntry,
  outcome: { outcome: 'ok' | 'error'; result?: Record<string, unknown>; error?: string | null },
  id: string = randomUUID(),
): Promise<string> {
  await insertAuditRow(executor, {
    id,
    actorId: actor.id,
    actorKind: actor.kind ?? 'user',
    actorEmail: actor.email,
    actorName: actor.name,
    action: entry.action,
    sessionUid: entry.sessionUid ?? null,
    instanceName: entry.instanceName ?? null,
    input: entry.input,
    bulkOperationId: entry.bulkOperationId ?? null,
    outcome: outcome.outcome,
    result: outcome.result ?? {},
    error: outcome.error ?? null,
  });
  return id;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs an engine operation on one session with its audit row written inside the operation's
 * transaction, just before it commits, together with the instances it changed. When the
 * operation throws, the row records the error instead: if the change did commit (a skip saved
 * before its cascade failed) its row is marked as failed; otherwise a row is written alone.
 * `alsoInTransaction` writes more rows in that same transaction (a bulk item's outcome).
 */
export async function auditedOperation<T>(
  engine: EngineRuntime,
  actor: Actor,
  entry: AuditEntry & { sessionUid: string },
  work: (manager: TriggerManager) => Promise<T>,
  alsoInTransaction?: (tx: SqlTransactionCapability) => Promise<void>,
): Promise<T> {
  const id = randomUUID();
  let written = false;
  // The operation's own transaction (the store's first) is journaled as the user and writes the
  // row; later ones on this manager (the clone's run) are not it.
  const manager = engine.managerFor(entry.sessionUid, {
    operation: {
      actor: actor.email,
      beforeCommit: async (tx) => {
        written = true;
        await insertAuditEvent(tx.executor, actor, entry, { outcome: 'ok', result: { changes: tx.changes() } }, id);
        await alsoInTransaction?.(tx);
      },
    },
  });
  try {
    return await work(manager);
  } catch (error) {
    const message = describeError(error);
    if (written && (await auditEventExists(engine.db, id))) {
      await markAuditEventFailed(engine.db, id, message);
    } else {
      await insertAuditEvent(engine.db, actor, entry, { outcome: 'error', error: message });
    }
    throw error;
  }
}
