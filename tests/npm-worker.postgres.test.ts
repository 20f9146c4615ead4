/**
 * `npm run worker` as a user runs it on a PostgreSQL server: it starts, registers, and stops
 * cleanly on SIGTERM. Workers need a server, so this runs in the PostgreSQL pass only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/lib/db';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry, ORDER_WORKFLOW } from '@/examples/tasks';
import { start, stopAllScripts } from './support/npm-run';
import { createTestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';

const TIMEOUT = 180_000;
afterAll(() => stopAllScripts());

describe('npm run worker', () => {
  it('npm run worker starts on PostgreSQL and stops cleanly on SIGTERM', async () => {
    const testDb = await createTestDatabase();
    try {
      const worker = start('worker', [], { DATABASE_URL: testDb.url!, WORKER_CONCURRENCY: '1' });
      await worker.waitFor('"worker started"');
      worker.kill('SIGTERM');
      const run = await worker.done;
      expect(run.stderr).toBe('');
      // npm waits for its script, then ends itself by the signal it received.
      expect(run.code === 0 || run.signal === 'SIGTERM').toBe(true);
      expect(run.stdout).toContain('"worker stopping: finishing the jobs in hand","worker"');
      expect(run.stdout).toContain('"worker stopped"');
      const db = testDb.db;
      expect(await queryRows(db, sql`select ended_as from workers`)).toEqual([{ ended_as: 'stopped' }]);
    } finally {
      await testDb.close();
    }
  }, TIMEOUT);

  it('npm run worker with TASKS_MODULE runs the tasks of that module: examples/tasks ships one order and fails a bad one', async () => {
    const testDb = await createTestDatabase();
    try {
      const worker = start('worker', [], { DATABASE_URL: testDb.url!, WORKER_CONCURRENCY: '2', TASKS_MODULE: 'examples/tasks/index.ts' });
      await worker.waitFor('"worker started"');
      // A service fires the triggers (queue mode: the jobs go to the worker).
      const engine = createEngineRuntime(testDb.db, 'queue', { registry: createTaskRegistry() });
      for (const [uid, sku] of [['order-good', 'MUG-001'], ['order-bad', 'HAT-404']] as const) {
        const manager = engine.managerFor(uid);
        await manager.updateConfiguration(ORDER_WORKFLOW);
        await manager.fire('orderPlaced', { orderId: uid, email: 'ada@example.com', lines: [{ sku, quantity: 1 }] });
        await manager.fire('paymentAuthorized', { paymentToken: 'tok_1' });
      }
      const store = (uid: string) => engine.managerFor(uid).store;
      await waitFor('the good order shipped', async () => (await store('order-good').instancesOfTask('t_shipOrder'))[0]?.status === 'finished', 60_000);
      await waitFor('the bad order failed', async () => (await store('order-bad').instance('t_validateOrder#0')).status === 'failed', 60_000);
      const shipped = (await store('order-good').instancesOfTask('t_shipOrder'))[0]!;
      expect(shipped.metadata.result).toEqual({ trackingNumber: 'TRK-ORDER-GOOD' });
      // Run by the worker process, not by this one.
      expect((shipped.metadata.worker as { pid: number }).pid).not.toBe(process.pid);
      const failed = await store('order-bad').instance('t_validateOrder#0');
      expect(failed.metadata.exceptionType).toBe('ValidationError');
      expect(failed.metadata.exceptionMessage).toBe('orderPlaced.lines.0.sku: no such product in the catalogue');
      worker.kill('SIGTERM');
      expect((await worker.done).stderr).toBe('');
    } finally {
      await testDb.close();
    }
  }, TIMEOUT);
});
