import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore, sqlCapabilityOf } from '@/lib/db';
import { getSessionSummary } from '@/lib/db/queries/sessions';
import {
  InlineRunner,
  TaskRegistry,
  TriggerManager,
  type DispatchContext,
  type TaskInstance,
  type TaskRunner,
  type TriggerManager as Manager,
} from '@/lib/triggers';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.close());

/** Enqueues through the engine's transaction like the queue runner; fails with SQL for one task. */
class SqlRunner implements TaskRunner {
  readonly name = 'sql';
  readonly writesToTransaction = true;
  async run(_manager: Manager, instance: TaskInstance, context?: DispatchContext): Promise<void> {
    const tx = sqlCapabilityOf(context?.transaction);
    if (!tx) throw new Error('expected a PostgresStore transaction');
    await tx.executor.execute(instance.task === 't_broken' ? sql`select * from no_such_table` : sql`select 1`);
  }
}

describe('PostgresStore savepoints', () => {
  it('a runner whose SQL fails aborts nothing but its own dispatch: that instance fails, the firing commits', async () => {
    const registry = new TaskRegistry().register('ok', () => ({}));
    const store = new PostgresStore(testDb.db, 'savepoints:dispatch');
    const manager = new TriggerManager(store, { registry, runner: new SqlRunner() });
    await manager.updateConfiguration({
      t_broken: { after: ['go'], run: 'ok' },
      t_fine: { after: ['go'], run: 'ok' },
    });
    const scheduled = await manager.fire('go', { n: 1 });
    expect(scheduled.map((i) => i.name)).toEqual(['t_fine#0']);
    const broken = await store.instance('t_broken#0');
    expect(broken.status).toBe('failed');
    expect(broken.metadata.exceptionMessage).toContain('no_such_table');
    expect(await store.latestKwargs()).toEqual({ go: { n: 1 } });
    const summary = await getSessionSummary(testDb.db, 'savepoints:dispatch');
    expect(summary?.counts).toMatchObject({ failed: 1, scheduled: 1 });
    expect(summary?.instanceCount).toBe(2);
  });

  it('a cascade that cannot be dispatched leaves the upstream instance finished', async () => {
    const registry = new TaskRegistry().register('ok', () => ({ done: true }));
    const inline = new InlineRunner();
    const store = new PostgresStore(testDb.db, 'savepoints:cascade');
    const manager = new TriggerManager(store, { registry, runner: inline, runners: [new SqlRunner()] });
    await manager.updateConfiguration({
      t_up: { after: ['go'], run: 'ok' },
      t_broken: { after: ['t_up'], run: 'ok', using: 'sql' },
    });
    await manager.fire('go');
    await inline.drain();
    expect((await store.instance('t_up#0')).status).toBe('finished');
    expect((await store.instance('t_broken#0')).status).toBe('failed');
    expect(await store.latestKwargs()).toEqual({ go: {}, t_up: { done: true } });
  });
});
