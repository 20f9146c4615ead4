import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCascadedSkips, listSimulatedTriggers } from '@/lib/db/queries/simulated';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { TaskRegistry } from '@/lib/triggers';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let engine: EngineRuntime;
let attempts = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const registry = new TaskRegistry()
    .register('flaky', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first run fails');
      return { real: true };
    })
    .register('echo', (ctx) => ({ got: ctx.triggerKwargs }));
  engine = createEngineRuntime(testDb.db, 'inline', { registry });
});
afterAll(() => testDb?.close());

describe('simulated results are told apart from real ones', () => {
  it('a cascaded skip marks its trigger simulated until a real result of the task follows', async () => {
    const uid = 'simulated:1';
    const manager = engine.managerFor(uid);
    await manager.updateConfiguration({
      t_score: { after: [], andEvery: 'done', run: 'flaky' }, // one instance per 'done'
      t_sync: { after: ['t_score'], run: 'echo' },
      t_plain: { after: ['done'], run: 'echo' },
    });
    await manager.fire('done', {});
    await engine.inline.drain();
    expect((await manager.store.instance('t_score#0')).status).toBe('failed');
    expect(await listSimulatedTriggers(testDb.db, uid)).toEqual([]);

    await manager.skipFailedInstance('t_score#0', { cascade: true, result: { score: 70 } });
    await engine.inline.drain();
    expect(await listSimulatedTriggers(testDb.db, uid)).toEqual(['t_score']);
    expect(await listCascadedSkips(testDb.db, uid, ['t_score'])).toEqual([{ task: 't_score', name: 't_score#0', result: { score: 70 } }]);
    expect(await listCascadedSkips(testDb.db, uid, ['t_plain'])).toEqual([]);

    // A real run of t_score afterwards: its result replaces the simulated one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await manager.fire('done', {});
    await engine.inline.drain();
    expect((await manager.store.instancesOfTask('t_score')).map((i) => i.status)).toContain('finished');
    expect(await listSimulatedTriggers(testDb.db, uid)).toEqual([]);
  });

  it('a skip without cascade simulates nothing', async () => {
    const uid = 'simulated:2';
    attempts = 0;
    const manager = engine.managerFor(uid);
    await manager.updateConfiguration({ t_score: { after: ['done'], run: 'flaky' } });
    await manager.fire('done', {});
    await engine.inline.drain();
    await manager.skipFailedInstance('t_score#0', { result: { score: 1 } });
    expect(await listSimulatedTriggers(testDb.db, uid)).toEqual([]);
    expect(await listCascadedSkips(testDb.db, uid)).toEqual([]);
  });
});
