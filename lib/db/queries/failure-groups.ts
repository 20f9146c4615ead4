import 'server-only';
import { and, asc, count, countDistinct, desc, eq, max, sql } from 'drizzle-orm';
import { failureIdentity, type InstanceMetadata } from '@/lib/triggers';
import type { Database } from '../client';
import { queryRows } from '../client';
import { failureGroupNotes, failureGroups, taskInstances, users, type FailureGroupNoteRow, type FailureGroupRow } from '../schema';
import { failedConditions, type FailedFilter } from './failed';

export type { FailureGroupNoteRow, FailureGroupRow };

/** A failure group as the inbox lists it: its row, with what matches the filter now. */
export interface FailureGroupSummary {
  fingerprint: string;
  exceptionType: string;
  task: string;
  template: string;
  frame: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** Failed instances of the group matching the filter. */
  count: number;
  /** Sessions those instances belong to. */
  sessions: number;
  assignee: { id: string; name: string; email: string } | null;
  resolvedAt: Date | null;
  reopenedAt: Date | null;
  snoozedUntil: Date | null;
  snoozeUntilCount: number | null;
  failureCount: number;
}

/** The most groups one page lists (largest first). */
export const MAX_GROUPS = 200;

/** Where a triage change is written: the database, or a transaction. */
export type GroupExecutor = Pick<Database, 'insert' | 'update' | 'select'>;

const summaryColumns = {
  fingerprint: failureGroups.fingerprint,
  exceptionType: failureGroups.exceptionType,
  task: failureGroups.task,
  template: failureGroups.template,
  frame: failureGroups.frame,
  firstSeen: failureGroups.firstSeen,
  lastSeen: failureGroups.lastSeen,
  resolvedAt: failureGroups.resolvedAt,
  reopenedAt: failureGroups.reopenedAt,
  snoozedUntil: failureGroups.snoozedUntil,
  snoozeUntilCount: failureGroups.snoozeUntilCount,
  failureCount: failureGroups.failureCount,
  assigneeId: users.id,
  assigneeName: users.name,
  assigneeEmail: users.email,
};

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & { count?: number; sessions?: number; latest?: unknown };

function toSummary(row: SummaryRow): FailureGroupSummary {
  return {
    fingerprint: row.fingerprint as string,
    exceptionType: row.exceptionType as string,
    task: row.task as string,
    template: row.template as string,
    frame: row.frame as string | null,
    firstSeen: row.firstSeen as Date,
    lastSeen: row.lastSeen as Date,
    count: row.count ?? 0,
    sessions: row.sessions ?? 0,
    assignee: row.assigneeId ? { id: row.assigneeId as string, name: row.assigneeName as string, email: row.assigneeEmail as string } : null,
    resolvedAt: row.resolvedAt as Date | null,
    reopenedAt: row.reopenedAt as Date | null,
    snoozedUntil: row.snoozedUntil as Date | null,
    snoozeUntilCount: row.snoozeUntilCount as number | null,
    failureCount: row.failureCount as number,
  };
}

/** Failure groups with failed instances matching `filter`, most instances first. */
export async function listFailureGroups(db: Database, filter: FailedFilter = {}, limit = MAX_GROUPS): Promise<FailureGroupSummary[]> {
  const rows = await db
    .select({ ...summaryColumns, count: count(), sessions: countDistinct(taskInstances.sessionUid), latest: max(taskInstances.failedAt) })
    .from(taskInstances)
    .innerJoin(failureGroups, eq(failureGroups.fingerprint, taskInstances.fingerprint))
    .leftJoin(users, eq(users.id, failureGroups.assigneeId))
    .where(and(...failedConditions(filter)))
    .groupBy(failureGroups.fingerprint, users.id)
    .orderBy(desc(count()), desc(max(taskInstances.failedAt)), asc(failureGroups.fingerprint))
    .limit(limit);
  return rows.map(toSummary);
}

/** One group with its counts over its failed instances now (null when no group has that fingerprint). */
export async function getFailureGroup(db: Database, fingerprint: string): Promise<FailureGroupSummary | null> {
  const [row] = await db
    .select({
      ...summaryColumns,
      count: sql<number>`(select count(*)::int from task_instances i where i.fingerprint = ${failureGroups.fingerprint} and i.status = 'failed')`,
      sessions: sql<number>`(select count(distinct i.session_uid)::int from task_instances i where i.fingerprint = ${failureGroups.fingerprint} and i.status = 'failed')`,
    })
    .from(failureGroups)
    .leftJoin(users, eq(users.id, failureGroups.assigneeId))
    .where(eq(failureGroups.fingerprint, fingerprint));
  return row ? toSummary(row) : null;
}

/**
 * Failures of each group (every instance that failed, replayed or skipped since, counted once at
 * its latest failure) in the week before `now`, by whole hours ago: `{ fp: { 0: 3, 5: 1 } }`.
 */
export async function failuresByHourAgo(db: Database, fingerprints: string[], now: Date): Promise<Map<string, Map<number, number>>> {
  const result = new Map<string, Map<number, number>>();
  if (fingerprints.length === 0) return result;
  const at = now.toISOString();
  const rows = await queryRows<{ fingerprint: string; ago: number; failures: number }>(
    db,
    sql`select fingerprint, floor(extract(epoch from (${at}::timestamptz - failed_at)) / 3600)::int as ago, count(*)::int as failures
        from task_instances
        where fingerprint in (select jsonb_array_elements_text(${JSON.stringify(fingerprints)}::jsonb))
          and failed_at > ${at}::timestamptz - interval '7 days' and failed_at <= ${at}::timestamptz
        group by 1, 2`,
  );
  for (const row of rows) {
    const hours = result.get(row.fingerprint) ?? new Map<number, number>();
    hours.set(row.ago, row.failures);
    result.set(row.fingerprint, hours);
  }
  return result;
}

export async function listGroupNotes(db: Database, fingerprint: string): Promise<FailureGroupNoteRow[]> {
  return db.select().from(failureGroupNotes).where(eq(failureGroupNotes.fingerprint, fingerprint)).orderBy(asc(failureGroupNotes.at), asc(failureGroupNotes.id));
}

/** The group's row, locked until the transaction ends (triage changes are read-modify-write). */
export async function lockFailureGroup(tx: Database, fingerprint: string): Promise<FailureGroupRow | null> {
  const [row] = await tx.select().from(failureGroups).where(eq(failureGroups.fingerprint, fingerprint)).for('update');
  return row ?? null;
}

export async function updateFailureGroup(tx: GroupExecutor, fingerprint: string, patch: Partial<Omit<FailureGroupRow, 'fingerprint'>>): Promise<void> {
  await tx.update(failureGroups).set(patch).where(eq(failureGroups.fingerprint, fingerprint));
}

export async function insertGroupNote(tx: GroupExecutor, note: typeof failureGroupNotes.$inferInsert): Promise<void> {
  await tx.insert(failureGroupNotes).values(note);
}

/**
 * Gives fingerprints (and groups) to failed instances written before they existed, `batch` rows
 * at a time; returns how many it fingerprinted. Idempotent: a row once fingerprinted is left out.
 */
export async function backfillFingerprints(db: Database, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await queryRows<{ session_uid: string; name: string; task: string; metadata: InstanceMetadata; failed_at: string | null }>(
      db,
      sql`select session_uid, name, task, metadata, failed_at::text from task_instances
          where status = 'failed' and fingerprint is null order by failed_at limit ${batch}`,
    );
    if (rows.length === 0) return done;
    const records = rows.map((row) => {
      const identity = failureIdentity(row.metadata);
      return { ...identity, uid: row.session_uid, name: row.name, task: row.task, at: row.failed_at ?? new Date().toISOString() };
    });
    await db.transaction(async (tx) => {
      const json = JSON.stringify(records);
      await tx.execute(sql`
        insert into failure_groups as g (fingerprint, exception_type, task, template, frame, first_seen, last_seen, failure_count)
        select x.fingerprint, min(x."exceptionType"), min(x.task), min(x.template), min(x.frame), min(x.at), max(x.at), count(*)
        from jsonb_to_recordset(${json}::jsonb) as x(fingerprint text, "exceptionType" text, task text, template text, frame text, at timestamptz)
        group by x.fingerprint
        on conflict (fingerprint) do update set
          first_seen = least(g.first_seen, excluded.first_seen),
          last_seen = greatest(g.last_seen, excluded.last_seen),
          failure_count = g.failure_count + excluded.failure_count`);
      await tx.execute(sql`
        update task_instances t set fingerprint = x.fingerprint
        from jsonb_to_recordset(${json}::jsonb) as x(fingerprint text, uid text, name text)
        where t.session_uid = x.uid and t.name = x.name`);
    });
    done += rows.length;
  }
}
