/**
 * The store writes each table from one list (lib/db/store/rows.ts): every column of task_instances
 * and session_tasks but the session's uid is written, by its SQL name, with no second list to keep.
 */
import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionEvents, sessionTasks, taskInstances } from '@/lib/db/schema';
import { eventWrites, instanceWrites, taskWrites } from '@/lib/db/store/rows';
import type { TaskInstance } from '@/lib/triggers';

const columnsOf = (table: Parameters<typeof getTableColumns>[0]) =>
  Object.values(getTableColumns(table))
    .map((c) => c.name)
    .filter((name) => name !== 'session_uid')
    .sort();

const failed: TaskInstance = {
  name: 't_greet#3',
  task: 't_greet',
  status: 'failed',
  kwargs: { go: { n: 1 } },
  abandonState: [],
  metadata: {
    exceptionType: 'TypeError',
    parent: 't_greet#1',
    depth: 2,
    timestamps: { created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:01:00.000Z', failed: '2026-01-01T00:01:00.000Z' },
  },
};

describe('the store writes every column from one list', () => {
  it('covers each written table, by SQL column name', () => {
    const [instance] = instanceWrites.records([failed]);
    expect(Object.keys(instance!).sort()).toEqual(columnsOf(taskInstances));
    const [task] = taskWrites.records([
      { config: { name: 't', run: 'r', after: [], unless: [], andEvery: null, using: null, withParams: {}, extra: {} }, position: 0, instanceCount: 0, unresolvedCount: 0 },
    ]);
    expect(Object.keys(task!).sort()).toEqual(columnsOf(sessionTasks));
    const [event] = eventWrites.records([{ seq: 1, at: '2026-01-01T00:00:00.000Z', kind: 'state-changed', actor: 'system', task: null, instance: null, data: {}, changes: {} }]);
    expect(Object.keys(event!).sort()).toEqual(columnsOf(sessionEvents));
  });

  it('derives the dashboard columns of an instance from its metadata', () => {
    expect(instanceWrites.records([failed])[0]).toMatchObject({
      seq: 3,
      exception_type: 'TypeError',
      parent: 't_greet#1',
      depth: 2,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:01:00.000Z',
      failed_at: '2026-01-01T00:01:00.000Z',
    });
  });
});
