/**
 * The engine as a library from another consumer.folder, on PostgreSQL: examples/service fires orders from
 * its own process, and a worker runs them. (PGlite and the .d.ts: engine-library.pglite.test.ts.)
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTaskRegistry } from '@/examples/tasks';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { startWorker } from '@/lib/runtime/worker';
import { ROOT, run, consumerProjectOfThisFile } from './support/engine-consumer';
import { createTestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';

const TIMEOUT = 120_000;
const consumer = consumerProjectOfThisFile(TIMEOUT);

describe('examples/service', () => {
  it('fires orders into sessions from its own process; a worker runs them (one ships, a bad one fails)', async () => {
    const testDb = await createTestDatabase();
    try {
      await copyFile(path.join(ROOT, 'examples/service/fire-orders.mjs'), path.join(consumer.folder, 'fire-orders.mjs'));
      const fired = await run(process.execPath, ['fire-orders.mjs', '7:MUG-001:2', '8:HAT-404:1'], consumer.folder, { DATABASE_URL: testDb.url! });
      expect(fired.stderr).toBe('');
      expect(fired.code).toBe(0);
      expect(fired.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
        { session: 'order-7', scheduled: ['t_validateOrder#0'] },
        { session: 'order-8', scheduled: ['t_validateOrder#0'] },
      ]);
      // The triggers landed, with their kwargs.
      const engine = createEngineRuntime(testDb.db, 'queue', { registry: createTaskRegistry() });
      const store = (uid: string) => engine.managerFor(uid).store;
      expect(await store('order-7').latestKwargs()).toMatchObject({
        orderPlaced: { orderId: '7', lines: [{ sku: 'MUG-001', quantity: 2 }] },
        paymentAuthorized: { paymentToken: 'tok_7' },
      });
      const worker = await startWorker({ db: testDb.db, connectionString: testDb.url!, registry: createTaskRegistry(), log: () => {} });
      try {
        await waitFor('order 7 shipped', async () => (await store('order-7').instancesOfTask('t_shipOrder'))[0]?.status === 'finished', 60_000);
        await waitFor('order 8 failed', async () => (await store('order-8').instance('t_validateOrder#0')).status === 'failed', 60_000);
      } finally {
        await worker.stop('test over');
      }
      expect((await store('order-8').instance('t_validateOrder#0')).metadata.exceptionMessage).toBe('orderPlaced.lines.0.sku: no such product in the catalogue');
    } finally {
      await testDb.close();
    }
  }, TIMEOUT);
});
