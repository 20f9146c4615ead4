import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { InstanceStatus } from '@/lib/triggers';
import type { Database } from '../client';
import { taskInstances } from '../schema';
import { decodeCursor, decodeIntegerCursor, toPage, type Page } from './cursor';
import { summaryColumns, toSummary, type InstanceSummary, type SummaryRow } from './instances';

export interface SessionInstancesFilter {
  status?: InstanceStatus;
  task?: string;
}

/**
 * A session's instances by task name then sequence number, a page at a time, optionally of one
 * status and/or one task: a keyset walk of task_instances_task_seq_idx (cursor = last task and
 * seq), so a page costs the same at any depth.
 */
export async function listSessionInstances(
  db: Database,
  uid: string,
  filter: SessionInstancesFilter,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<Page<InstanceSummary>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  let after: { task: string; seq: number } | null = null;
  if (options.cursor) {
    const [task, seq] = decodeCursor(options.cursor, 2) as [string, string];
    after = { task, seq: decodeIntegerCursor(seq) };
  }
  const rows = await db
    .select(summaryColumns)
    .from(taskInstances)
    .where(
      and(
        eq(taskInstances.sessionUid, uid),
        filter.task === undefined ? undefined : eq(taskInstances.task, filter.task),
        filter.status === undefined ? undefined : eq(taskInstances.status, filter.status),
        after === null ? undefined : sql`(${taskInstances.task}, ${taskInstances.seq}) > (${after.task}, ${after.seq})`,
      ),
    )
    .orderBy(asc(taskInstances.task), asc(taskInstances.seq))
    .limit(limit + 1);
  const page = toPage(rows as SummaryRow[], limit, (row) => [row.task, String(row.seq)]);
  return { rows: page.rows.map(toSummary), nextCursor: page.nextCursor };
}
