import 'server-only';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../client';
import { bulkOperationItems, bulkOperations, type BulkOperationItemRow, type BulkOperationRow } from '../schema';
import { failedConditions, type FailedFilter } from './failed';

export type { BulkOperationItemRow };

export type BulkAction = 'replay' | 'skip';
export type BulkOutcome = 'done' | 'already-handled' | 'error';

/** What to freeze: the rows someone ticked, or everything the inbox's filter matches. */
export type BulkSelection =
  | { kind: 'instances'; instances: { uid: string; name: string }[] }
  | { kind: 'filter'; filter: FailedFilter; description: string };

export interface BulkCounts {
  total: number;
  pending: number;
  done: number;
  alreadyHandled: number;
  error: number;
}

export interface BulkOperationView {
  operation: BulkOperationRow;
  counts: BulkCounts;
}

/** Frozen instances are ordered like the inbox: newest failure first. */
const INBOX_ORDER = sql`failed_at desc, session_uid desc, name desc`;

/**
 * Freezes the instances the selection names that are failed right now into a new draft
 * operation, in the inbox's order, at most `cap` of them. Returns the draft's id and how many
 * matching instances the cap left out. Instances that are no longer failed are not frozen; when
 * none is, no draft is created (id null).
 */
/** Nothing was left to freeze: rolls the draft back. */
class EmptySelection extends Error {}

export async function createBulkDraft(
  db: Database,
  input: { id: string; selection: BulkSelection; createdBy: string; cap: number },
): Promise<{ id: string | null; total: number; leftOut: number }> {
  const { id, selection, createdBy, cap } = input;
  let where: SQL;
  if (selection.kind === 'filter') {
    where = and(...failedConditions(selection.filter)) as SQL;
  } else {
    const pairs = JSON.stringify(selection.instances.map((i) => [i.uid, i.name]));
    where = sql`status = 'failed' and (session_uid, name) in (select e->>0, e->>1 from jsonb_array_elements(${pairs}::jsonb) as e)`;
  }
  try {
    return await freeze();
  } catch (error) {
    if (error instanceof EmptySelection) return { id: null, total: 0, leftOut: 0 };
    throw error;
  }

  function freeze() {
    return db.transaction(async (tx) => {
      const [{ matching }] = (await queryRows<{ matching: number }>(
        tx as unknown as Database,
        sql`select count(*)::int as matching from task_instances where ${where}`,
      )) as [{ matching: number }];
      if (Math.min(matching, cap) === 0) return { id: null, total: 0, leftOut: 0 };
      const stored =
        selection.kind === 'filter'
          ? { kind: 'filter', filter: selection.filter, description: selection.description }
          : { kind: 'instances', requested: selection.instances.length };
      await tx.insert(bulkOperations).values({ id, selection: stored, leftOut: 0, total: 0, createdBy });
      const frozen = await queryRows(
        tx as unknown as Database,
        sql`insert into bulk_operation_items (operation_id, position, session_uid, instance_name, task, exception_type)
            select ${id}, (row_number() over (order by ${INBOX_ORDER}))::int - 1, session_uid, name, task, exception_type
            from (select * from task_instances where ${where} order by ${INBOX_ORDER} limit ${cap}) as chosen
            returning position`,
      );
      // The total is what was frozen (the count above may differ if failures changed in between).
      const total = frozen.length;
      const leftOut = Math.max(0, matching - total);
      await tx.update(bulkOperations).set({ total, leftOut }).where(eq(bulkOperations.id, id));
      if (total === 0) throw new EmptySelection();
      return { id, total, leftOut };
    });
  }
}

export async function getBulkOperation(db: Database, id: string): Promise<BulkOperationView | null> {
  const [operation] = await db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  if (!operation) return null;
  const [counts] = await queryRows<{ pending: number; done: number; already: number; error: number }>(
    db,
    sql`select count(*) filter (where outcome is null)::int as pending,
               count(*) filter (where outcome = 'done')::int as done,
               count(*) filter (where outcome = 'already-handled')::int as already,
               count(*) filter (where outcome = 'error')::int as error
        from bulk_operation_items where operation_id = ${id}`,
  );
  return {
    operation,
    counts: {
      total: operation.total,
      pending: counts?.pending ?? 0,
      done: counts?.done ?? 0,
      alreadyHandled: counts?.already ?? 0,
      error: counts?.error ?? 0,
    },
  };
}

export async function listBulkItems(db: Database, id: string, limit = 1000): Promise<BulkOperationItemRow[]> {
  return db
    .select()
    .from(bulkOperationItems)
    .where(eq(bulkOperationItems.operationId, id))
    .orderBy(asc(bulkOperationItems.position))
    .limit(limit);
}

/**
 * Starts a draft: the one compare-and-set that makes a double submit harmless. Returns the
 * started operation, or null when it was not a draft any more (someone started it already).
 */
export async function startBulkOperation(
  db: Database,
  input: { id: string; action: BulkAction; reason: string; startedBy: string },
): Promise<BulkOperationRow | null> {
  const [row] = await db
    .update(bulkOperations)
    .set({ state: 'running', action: input.action, reason: input.reason, startedBy: input.startedBy, startedAt: new Date() })
    .where(and(eq(bulkOperations.id, input.id), eq(bulkOperations.state, 'draft')))
    .returning();
  return row ?? null;
}

/**
 * Claims up to `limit` pending items for the process `owner`: unclaimed ones, ones claimed by a
 * process that is not alive (no live `workers` row that beat within `ownerSilenceSeconds`; an
 * embedded PGlite server holds no lease, being the only process), and ones whose claim is older
 * than `staleAfterMs` whoever holds it. A process's own fresh claims are never taken back (two
 * loops of one process share an operation). Taking over a claim cannot act on an item twice:
 * its outcome commits with the replay or skip (`recordBulkOutcome` inside the engine's
 * transaction), and the engine refuses an instance that is no longer failed. SKIP LOCKED lets
 * several processes share one operation without taking the same item.
 */
export async function claimBulkItems(
  db: Database,
  id: string,
  options: { limit: number; staleAfterMs: number; owner: string; ownerSilenceSeconds: number },
): Promise<BulkOperationItemRow[]> {
  const stale = new Date(Date.now() - options.staleAfterMs);
  const rows = await queryRows<{ position: number }>(
    db,
    sql`update bulk_operation_items set claimed_at = now(), claimed_by = ${options.owner}
        where (operation_id, position) in (
          select operation_id, position from bulk_operation_items as item
          where operation_id = ${id} and outcome is null
            and (claimed_at is null
              or claimed_at < ${stale.toISOString()}::timestamptz
              or (claimed_by is distinct from ${options.owner} and not exists (
                select 1 from workers
                where workers.id = item.claimed_by and workers.stopped_at is null
                  and workers.heartbeat_at > now() - make_interval(secs => ${options.ownerSilenceSeconds}))))
          order by position limit ${options.limit} for update skip locked)
        returning position`,
  );
  if (rows.length === 0) return [];
  const positions = rows.map((r) => Number(r.position)).sort((a, b) => a - b);
  const items = await db
    .select()
    .from(bulkOperationItems)
    .where(and(eq(bulkOperationItems.operationId, id), sql`${bulkOperationItems.position} in ${positions}`))
    .orderBy(asc(bulkOperationItems.position));
  return items;
}

type Executor = Pick<Database, 'update'>;

/**
 * Records an item's outcome once (a recorded outcome is never overwritten). Give it the engine
 * transaction's executor to commit it with the replay or skip. True when this call recorded it.
 */
export async function recordBulkOutcome(
  db: Executor,
  id: string,
  position: number,
  outcome: { outcome: BulkOutcome; message: string; resultInstance?: string | null },
): Promise<boolean> {
  const rows = await db
    .update(bulkOperationItems)
    .set({ outcome: outcome.outcome, message: outcome.message, resultInstance: outcome.resultInstance ?? null, processedAt: new Date() })
    .where(and(eq(bulkOperationItems.operationId, id), eq(bulkOperationItems.position, position), isNull(bulkOperationItems.outcome)))
    .returning({ position: bulkOperationItems.position });
  return rows.length > 0;
}

/** Marks a running operation finished once no item is pending; true when it is finished. */
export async function finishBulkOperationIfDone(db: Database, id: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`update bulk_operations set state = 'finished', finished_at = now()
        where id = ${id} and state = 'running'
          and not exists (select 1 from bulk_operation_items where operation_id = ${id} and outcome is null)
        returning id`,
  );
  return rows.length > 0;
}

/** Running operations (for resuming after a restart). */
export async function listRunningBulkOperations(db: Database): Promise<string[]> {
  const rows = await db.select({ id: bulkOperations.id }).from(bulkOperations).where(eq(bulkOperations.state, 'running'));
  return rows.map((r) => r.id);
}

/** A pending item with what a replay with its original kwargs would run: the stored kwargs and its task's configuration. */
export type BulkItemInput = {
  position: number;
  sessionUid: string;
  instanceName: string;
  task: string;
  run: string | null;
  withParams: Record<string, unknown>;
  kwargs: Record<string, unknown>;
};

/** The pending items of an operation with their instance's stored kwargs and task configuration, in order. */
export async function listBulkItemInputs(db: Database, id: string): Promise<BulkItemInput[]> {
  return queryRows<BulkItemInput>(
    db,
    sql`select b.position, b.session_uid as "sessionUid", b.instance_name as "instanceName", b.task,
               t.run, coalesce(t.with_params, '{}'::jsonb) as "withParams", coalesce(i.kwargs, '{}'::jsonb) as kwargs
        from bulk_operation_items b
        left join task_instances i on i.session_uid = b.session_uid and i.name = b.instance_name
        left join session_tasks t on t.session_uid = b.session_uid and t.name = b.task
        where b.operation_id = ${id} and b.outcome is null
        order by b.position`,
  );
}
