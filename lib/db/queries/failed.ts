import 'server-only';
import { and, count, desc, eq, gte, like, lte, max, min, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { taskInstances } from '../schema';
import { decodeTimeCursor, toPage, type Page } from './cursor';
import { failedPayloadExpr, failedTextExpr, likeContains } from './search';
import { likePrefix } from './sessions';

export interface FailedFilter {
  task?: string;
  exceptionType?: string;
  /** Session uid prefix. */
  session?: string;
  /** Failed at or after this moment. */
  since?: Date;
  /** Failed at or before this moment. */
  until?: Date;
  /** Name, exception message (and payloads: kwargs, result, exception context) contain this text, any case. */
  contains?: string;
  /** Whether `contains` also searches payloads (false for viewers who may not read them). */
  containsPayloads?: boolean;
  /** One failure group (task_instances.fingerprint). */
  fingerprint?: string;
  /** Only these instances (an empty list matches none). */
  instances?: readonly InstanceKey[];
  /** By the triage state of each instance's failure group. */
  triage?: TriageFilter;
}

/** Failure groups by triage state: see failure-groups.ts. */
export interface TriageFilter {
  /** 'open': neither resolved nor snoozed. */
  state: 'open' | 'resolved' | 'snoozed' | 'all';
  /** 'mine-or-nobody': unassigned or assigned to `userId`. */
  assignee: 'mine-or-nobody' | 'mine' | 'anyone';
  userId: string;
  now: Date;
}

/** A failure group is snoozed while its time has not come and its failure count has not reached the limit. */
const snoozed = (now: Date) =>
  sql`(g.resolved_at is null and (g.snoozed_until > ${now.toISOString()}::timestamptz or g.failure_count < g.snooze_until_count))`;
const groupWhere = (condition: SQL) =>
  sql`exists (select 1 from failure_groups g where g.fingerprint = ${taskInstances.fingerprint} and ${condition})`;

/** The conditions of a triage filter on task_instances (an instance without a group row counts as open and unassigned). */
export function triageConditions(triage: TriageFilter): SQL[] {
  const where: SQL[] = [];
  if (triage.state === 'open') where.push(sql`not ${groupWhere(sql`(g.resolved_at is not null or ${snoozed(triage.now)})`)}`);
  if (triage.state === 'resolved') where.push(groupWhere(sql`g.resolved_at is not null`));
  if (triage.state === 'snoozed') where.push(groupWhere(snoozed(triage.now)));
  if (triage.assignee === 'mine-or-nobody') where.push(sql`not ${groupWhere(sql`g.assignee_id is not null and g.assignee_id <> ${triage.userId}`)}`);
  if (triage.assignee === 'mine') where.push(groupWhere(sql`g.assignee_id = ${triage.userId}`));
  return where;
}

export interface FailedInstanceRow {
  sessionUid: string;
  name: string;
  task: string;
  exceptionType: string | null;
  exceptionMessage: string | null;
  depth: number;
  parent: string | null;
  createdAt: Date;
  /** When it failed (metadata.timestamps.failed). */
  failedAt: Date;
}

export interface FailureGroup {
  exceptionType: string | null;
  task: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

/** The WHERE conditions of failed instances matching a filter (shared with bulk selection). */
export function failedConditions(filter: FailedFilter): SQL[] {
  const where: SQL[] = [eq(taskInstances.status, 'failed')];
  if (filter.task) where.push(eq(taskInstances.task, filter.task));
  if (filter.exceptionType) where.push(eq(taskInstances.exceptionType, filter.exceptionType));
  if (filter.session) where.push(like(taskInstances.sessionUid, likePrefix(filter.session)));
  if (filter.since) where.push(gte(taskInstances.failedAt, filter.since));
  if (filter.until) where.push(lte(taskInstances.failedAt, filter.until));
  if (filter.contains) {
    // The trigram indexes of the search serve both arms (migration search_trigram).
    const pattern = likeContains(filter.contains);
    const text = sql`${failedTextExpr('"task_instances"')} ilike ${pattern}`;
    const matches = filter.containsPayloads ? sql`(${text} or ${failedPayloadExpr('"task_instances"')} ilike ${pattern})` : text;
    // Implies the indexes' predicate (failed_at is not null), so the planner may use them.
    where.push(sql`(${taskInstances.failedAt} is not null and ${matches})`);
  }
  if (filter.fingerprint) where.push(eq(taskInstances.fingerprint, filter.fingerprint));
  if (filter.instances) {
    where.push(
      filter.instances.length === 0
        ? sql`false`
        : sql`(${taskInstances.sessionUid}, ${taskInstances.name}) in (${sql.join(
            filter.instances.map((key) => sql`(${key.sessionUid}, ${key.name})`),
            sql`, `,
          )})`,
    );
  }
  if (filter.triage) where.push(...triageConditions(filter.triage));
  return where;
}

/** Failed instances across all sessions, newest failure first, keyset-paginated. */
export async function listFailedInstances(
  db: Database,
  filter: FailedFilter = {},
  options: { cursor?: string | null; limit?: number } = {},
): Promise<Page<FailedInstanceRow>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const where = failedConditions(filter);
  if (options.cursor) {
    const [time, uid, name] = decodeTimeCursor(options.cursor, 3) as [string, string, string];
    where.push(
      sql`(${taskInstances.failedAt}, ${taskInstances.sessionUid}, ${taskInstances.name}) < (${time}::timestamptz, ${uid}, ${name})`,
    );
  }
  const rows = await db
    .select({
      sessionUid: taskInstances.sessionUid,
      name: taskInstances.name,
      task: taskInstances.task,
      exceptionType: taskInstances.exceptionType,
      exceptionMessage: sql<string | null>`${taskInstances.metadata}->>'exceptionMessage'`,
      depth: taskInstances.depth,
      parent: taskInstances.parent,
      createdAt: taskInstances.createdAt,
      failedAt: sql<Date>`${taskInstances.failedAt}`.mapWith(taskInstances.failedAt),
      cursorTime: sql<string>`${taskInstances.failedAt}::text`,
    })
    .from(taskInstances)
    .where(and(...where))
    .orderBy(desc(taskInstances.failedAt), desc(taskInstances.sessionUid), desc(taskInstances.name))
    .limit(limit + 1);
  const page = toPage(rows, limit, (row) => [row.cursorTime, row.sessionUid, row.name]);
  return { rows: page.rows.map(({ cursorTime: _cursor, ...row }) => row), nextCursor: page.nextCursor };
}

/** Failed instances grouped by exception type and task, largest group first. */
export async function groupFailedInstances(db: Database, filter: FailedFilter = {}): Promise<FailureGroup[]> {
  const rows = await db
    .select({
      exceptionType: taskInstances.exceptionType,
      task: taskInstances.task,
      count: count(),
      firstSeen: min(taskInstances.failedAt),
      lastSeen: max(taskInstances.failedAt),
    })
    .from(taskInstances)
    .where(and(...failedConditions(filter)))
    .groupBy(taskInstances.exceptionType, taskInstances.task)
    .orderBy(desc(count()), taskInstances.exceptionType, taskInstances.task);
  return rows.map((row) => ({
    exceptionType: row.exceptionType,
    task: row.task,
    count: row.count,
    firstSeen: row.firstSeen as Date,
    lastSeen: row.lastSeen as Date,
  }));
}

/** An instance named by its session and name. */
export interface InstanceKey {
  sessionUid: string;
  name: string;
}

/**
 * The failed instance that comes after `after` in the inbox's order (newest failure first) under
 * `filter`: the next-older failure. `after` need not be failed any more (it was just replayed or
 * skipped): its own failure time places it; a clone that has not failed is placed by the nearest
 * ancestor that did. An instance that never failed (or does not exist) places nothing: the newest
 * failure is next. Null when no failure is left below it.
 */
export async function nextFailedInstance(db: Database, filter: FailedFilter, after: InstanceKey): Promise<InstanceKey | null> {
  const anchor = await failurePlace(db, after);
  const where = failedConditions(filter);
  if (anchor) {
    where.push(
      sql`(${taskInstances.failedAt}, ${taskInstances.sessionUid}, ${taskInstances.name}) < (${anchor.time}::timestamptz, ${anchor.sessionUid}, ${anchor.name})`,
    );
  }
  const [row] = await db
    .select({ sessionUid: taskInstances.sessionUid, name: taskInstances.name })
    .from(taskInstances)
    .where(and(...where))
    .orderBy(desc(taskInstances.failedAt), desc(taskInstances.sessionUid), desc(taskInstances.name))
    .limit(1);
  return row ?? null;
}

/** Where an instance sits in the failure order: its failure time (or its nearest failed ancestor's). */
async function failurePlace(db: Database, key: InstanceKey): Promise<(InstanceKey & { time: string }) | null> {
  let name: string | null = key.name;
  // Replay chains are short (the demo's go three deep); the bound keeps a malformed chain finite.
  for (let hops = 0; name !== null && hops < 20; hops++) {
    const [row] = await db
      .select({ parent: taskInstances.parent, time: sql<string | null>`${taskInstances.failedAt}::text` })
      .from(taskInstances)
      .where(and(eq(taskInstances.sessionUid, key.sessionUid), eq(taskInstances.name, name)));
    if (!row) return null;
    if (row.time !== null) return { sessionUid: key.sessionUid, name, time: row.time };
    name = row.parent;
  }
  return null;
}

export interface TextCandidate extends InstanceKey {
  task: string;
  exceptionMessage: string | null;
}

/**
 * Failed instances whose name or stored message contains the filter's `contains` (payloads not
 * searched), at most `cap` + 1 of them: the candidates a caller narrows to what a viewer may read.
 */
export async function failedTextCandidates(db: Database, filter: FailedFilter, cap: number): Promise<TextCandidate[]> {
  return db
    .select({
      sessionUid: taskInstances.sessionUid,
      name: taskInstances.name,
      task: taskInstances.task,
      exceptionMessage: sql<string | null>`${taskInstances.metadata}->>'exceptionMessage'`,
    })
    .from(taskInstances)
    .where(and(...failedConditions({ ...filter, containsPayloads: false })))
    .limit(cap + 1);
}
