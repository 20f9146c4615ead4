/**
 * A failed handler's stack is recorded project-relative (`tests/support/worker-tasks.ts:12:9`),
 * through the app's engine wiring (lib/runtime/engine.ts → lib/stack): no absolute path, no
 * `file://`. The worker process records the same (tests/worker.test.ts, PostgreSQL pass).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';
import { createTaskRegistry } from './support/worker-tasks';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.close();
});

describe('recorded stack traces', () => {
  it('name the handler’s function and its project-relative source line', async () => {
    const engine = createEngineRuntime(testDb.db, 'inline', { registry: createTaskRegistry() });
    const manager = engine.managerFor('stack:recorded');
    await manager.updateConfiguration({ t_charge: { after: ['go'], run: 'declined' } });
    await manager.fire('go', { amount: 42 });
    const failed = await waitFor('t_charge#0 failed', async () => {
      const instance = await manager.store.instance('t_charge#0');
      return instance.status === 'failed' && instance;
    });
    const info = String(failed.metadata.exceptionInfo);
    expect(info).toMatch(/^RangeError: card declined for 42\n/);
    expect(info).toMatch(/\n {4}at chargeCard \(tests\/support\/worker-tasks\.ts:\d+:\d+\)\n/);
    expect(info).toMatch(/at callHandler \(lib\/triggers\/execution\.ts:\d+:\d+\)/);
    expect(info).not.toContain(process.cwd());
    expect(info).not.toContain('file://');
  });
});
