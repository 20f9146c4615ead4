/**
 * The audit trail: who changed what, when, with which input, and how it ended. A change's row is
 * written in the change's own transaction (through the store's `beforeCommit` seam for engine
 * operations), so neither exists without the other. A refused or failed attempt gets a row with
 * its error, and changes nothing else. Previews and drafts are never recorded.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import type { EngineRuntime } from '@/lib/runtime/engine';
import type { PostgresTransaction, TriggerManager } from '@/lib/triggers';
import type { Role } from '@/lib/auth/roles';

export const AUDIT_ACTIONS = ['replay', 'skip', 'fire-trigger', 'mark-logs-resolved', 'bulk-start', 'user-create', 'user-update'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acts: a signed-in user (or, for work they started, the user who started it). */
export interface Actor {
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

type Executor = Pick<Database, 'insert' | 'update' | 'select'>;

export async function insertAuditEvent(
  executor: Executor,
  actor: Actor,
  entry: AuditEntry,
  outcome: { outcome: 'ok' | 'error'; result?: Record<string, unknown>; error?: string | null },
  id: string = randomUUID(),
): Promise<string> {
  await executor.insert(auditEvents).values({
    id,
    actorId: actor.id,
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
  alsoInTransaction?: (tx: PostgresTransaction) => Promise<void>,
): Promise<T> {
  const id = randomUUID();
  let written = false;
  const beforeCommit = async (tx: PostgresTransaction) => {
    // Only the operation's own transaction: later ones on this manager (the clone's run) are not it.
    if (written) return;
    written = true;
    tx.eventActor = actor.email; // the session journal names the user too
    const changes = tx.changes();
    await insertAuditEvent(tx.executor, actor, entry, { outcome: 'ok', result: { changes } }, id);
    await alsoInTransaction?.(tx);
  };
  const manager = engine.managerFor(entry.sessionUid, { beforeCommit });
  try {
    return await work(manager);
  } catch (error) {
    const message = describeError(error);
    const [committed] = written ? await engine.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id)) : [];
    if (committed) {
      await engine.db.update(auditEvents).set({ outcome: 'error', error: message }).where(eq(auditEvents.id, id));
    } else {
      written = true; // nothing later may claim this entry
      await insertAuditEvent(engine.db, actor, entry, { outcome: 'error', error: message });
    }
    throw error;
  }
}
