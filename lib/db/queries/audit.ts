import 'server-only';
import { and, asc, count, eq, gte, ilike, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { auditEvents, type AuditAction, type AuditEventRow } from '../schema';
import { decodeTimeCursor, toPage, type Page } from './cursor';
import { likePrefix } from './sessions';

export type { AuditEventRow };
export { AUDIT_ACTIONS, type AuditAction } from '../schema';

export interface AuditFilter {
  /** Actor email: the whole address, or its beginning in any case (see `actorMatch`). */
  actor?: string;
  /** 'exact' (an email picked from listActors) or 'prefix' (typed; the default). */
  actorMatch?: 'exact' | 'prefix';
  action?: AuditAction;
  /** Session uid, exact. */
  sessionUid?: string;
  /** Instance name, exact (meant together with `sessionUid`: names repeat across sessions). */
  instanceName?: string;
  outcome?: 'ok' | 'error';
  /** At or after this moment. */
  since?: Date;
  /** At or before this moment. */
  until?: Date;
  /** Strictly before this moment (a whole day up to the next midnight, with no gap). */
  before?: Date;
}

export interface AuditActor {
  email: string;
  /** The name the actor had on their latest row. */
  name: string;
}

function auditConditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.actor) {
    where.push(
      filter.actorMatch === 'exact'
        ? eq(auditEvents.actorEmail, filter.actor)
        : ilike(auditEvents.actorEmail, likePrefix(filter.actor)),
    );
  }
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.sessionUid) where.push(eq(auditEvents.sessionUid, filter.sessionUid));
  if (filter.instanceName) where.push(eq(auditEvents.instanceName, filter.instanceName));
  if (filter.outcome) where.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.since) where.push(gte(auditEvents.at, filter.since));
  if (filter.until) where.push(lte(auditEvents.at, filter.until));
  if (filter.before) where.push(lt(auditEvents.at, filter.before));
  return where;
}

/** Audit events matching a filter, newest first (at, then id, descending), keyset-paginated. */
export async function listAuditEvents(
  db: Database,
  filter: AuditFilter = {},
  options: { cursor?: string | null; limit?: number } = {},
): Promise<Page<AuditEventRow>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const where = auditConditions(filter);
  if (options.cursor) {
    const [time, id] = decodeTimeCursor(options.cursor, 2) as [string, string];
    where.push(sql`(${auditEvents.at}, ${auditEvents.id}) < (${time}::timestamptz, ${id})`);
  }
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      actorKind: auditEvents.actorKind,
      actorEmail: auditEvents.actorEmail,
      actorName: auditEvents.actorName,
      action: auditEvents.action,
      sessionUid: auditEvents.sessionUid,
      instanceName: auditEvents.instanceName,
      input: auditEvents.input,
      outcome: auditEvents.outcome,
      result: auditEvents.result,
      error: auditEvents.error,
      bulkOperationId: auditEvents.bulkOperationId,
      // The cursor keeps PostgreSQL's microseconds; a JS Date would round them to milliseconds.
      cursorTime: sql<string>`${auditEvents.at}::text`,
    })
    .from(auditEvents)
    .where(and(...where))
    // NULLS LAST as in the indexes (drizzle-kit wrote them so): a plain DESC means NULLS FIRST,
    // and the planner would then sort instead of reading an index in order (both are NOT NULL).
    .orderBy(sql`${auditEvents.at} desc nulls last`, sql`${auditEvents.id} desc nulls last`)
    .limit(limit + 1);
  const page = toPage(rows, limit, (row) => [row.cursorTime, row.id]);
  return { rows: page.rows.map(({ cursorTime: _cursor, ...row }) => row), nextCursor: page.nextCursor };
}

/**
 * How many events match, counting at most `cap` of them: the audit trail only grows, and a
 * summary line does not need to read millions of rows to say "more than 10,000".
 */
export async function countAuditEvents(
  db: Database,
  filter: AuditFilter = {},
  cap = 10_000,
): Promise<{ count: number; capped: boolean }> {
  const matching = db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(...auditConditions(filter)))
    .limit(cap + 1)
    .as('matching');
  const [row] = await db.select({ count: count() }).from(matching);
  const total = row?.count ?? 0;
  return { count: Math.min(total, cap), capped: total > cap };
}

/** Everyone who appears in the audit trail, by email, for the actor filter. */
export async function listActors(db: Database): Promise<AuditActor[]> {
  return db
    .select({
      email: auditEvents.actorEmail,
      name: sql<string>`(array_agg(${auditEvents.actorName} order by ${auditEvents.at} desc, ${auditEvents.id} desc))[1]`,
    })
    .from(auditEvents)
    .groupBy(auditEvents.actorEmail)
    .orderBy(asc(auditEvents.actorEmail));
}

/** Where an audit row is written: the database, or the transaction of the change it records. */
export type AuditExecutor = Pick<Database, 'insert' | 'update' | 'select'>;
export type NewAuditEventRow = typeof auditEvents.$inferInsert;

export async function insertAuditRow(executor: AuditExecutor, row: NewAuditEventRow): Promise<void> {
  await executor.insert(auditEvents).values(row);
}

/** Whether the row with this id was committed. */
export async function auditEventExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id));
  return row !== undefined;
}

/** Records that a change whose row was committed then failed (e.g. a skip saved, its cascade refused). */
export async function markAuditEventFailed(db: Database, id: string, error: string): Promise<void> {
  await db.update(auditEvents).set({ outcome: 'error', error }).where(eq(auditEvents.id, id));
}
