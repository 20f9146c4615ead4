import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeBulkSelection, getBulkOperationPage, startBulk } from '@/lib/bulk';
import { closeAppDatabase, getAppDatabase } from '@/lib/db/app-database';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { recoverNow, startRecoveryLoop } from '@/lib/runtime/app-recovery';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { newProcessIdentity } from '@/lib/runtime/lease';
import { WORKER_LOST } from '@/lib/runtime/recovery';
import { TaskRegistry } from '@/lib/triggers';
import { failedGreeting, recoveryRegistry } from './support/recovery-fixture';
import { waitFor } from './support/wait-for';

/** The server process's recovery loop, on the app's own (embedded, in-memory) database. */
const actor = { id: null, email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;
const hanging = new TaskRegistry().register('hang', () => new Promise(() => {}));


// The embedded mode (this process is the only runner) is PGlite by definition: `.pglite.test.ts`
// files run in the PGlite pass only (vitest.config.ts).
describe('recovery in the server process', () => {
  beforeAll(() => {
    process.env.PGLITE_DATA_DIR = 'memory://';
    delete process.env.DATABASE_URL;
  });
  afterAll(() => closeAppDatabase());

  /** Session `uid` with t_hang#0 running in a process of identity `id`. */
  async function runningIn(uid: string, id: string): Promise<void> {
    const db = await getAppDatabase();
    const identity = { ...newProcessIdentity(), id };
    const runtime = createEngineRuntime(db, 'inline', { registry: hanging, identity, runMetadata: { worker: identity } });
    const manager = runtime.managerFor(uid);
    await manager.updateConfiguration({ t_hang: { after: ['go'], run: 'hang' } });
    await manager.fire('go');
    await waitFor(`${uid} running`, async () => (await manager.store.instance('t_hang#0')).status === 'running');
  }

  it('may run while the process works: a dead process’s run becomes WorkerLost, the live process’s own run is left alone', async () => {
    const engine = await getAppEngine();
    await runningIn('app-recovery:own', engine.processId);
    await runningIn('app-recovery:dead', 'gone-host:1:deadbeef');

    const pass = await recoverNow();
    expect(pass.interrupted.lost).toEqual(['app-recovery:dead t_hang#0']);
    const store = (uid: string) => engine.managerFor(uid).store;
    expect((await store('app-recovery:own').instance('t_hang#0')).status).toBe('running');
    const lost = await store('app-recovery:dead').instance('t_hang#0');
    expect(lost.status).toBe('failed');
    expect(lost.metadata.exceptionType).toBe(WORKER_LOST);
    // Idempotent: a second pass finds nothing more.
    expect((await recoverNow()).interrupted).toEqual({ redispatched: [], lost: [] });
  });

  it('runs periodically: a bulk action whose process died is finished by the next tick, without a restart', async () => {
    const db = await getAppDatabase();
    const fixture = createEngineRuntime(db, 'inline', { registry: recoveryRegistry() });
    const uids = ['app-recovery:bulk:0', 'app-recovery:bulk:1'];
    for (const uid of uids) await failedGreeting(fixture, uid);
    const frozen = await freezeBulkSelection(fixture, { scope: 'instances', instances: uids.map((uid) => ({ uid, name: 't_greet#0' })) }, actor);
    if (!frozen.ok) throw new Error(frozen.message);
    await startBulk(fixture, { id: frozen.data.id, action: 'skip', reason: 'customer withdrew' }, actor);
    // Its process died holding the first item, after the boot-time recovery had run.
    await db.execute(sql`update bulk_operation_items set claimed_at = now(), claimed_by = 'gone-host:2:deadbeef'
                         where operation_id = ${frozen.data.id} and position = 0`);

    const stop = startRecoveryLoop(300);
    try {
      const page = await waitFor('the bulk action to finish', async () => {
        const current = await getBulkOperationPage(fixture, frozen.data.id);
        return current?.operation.state === 'finished' && current;
      });
      expect(page.counts).toMatchObject({ pending: 0, done: 2, alreadyHandled: 0, error: 0 });
    } finally {
      stop();
    }
  });
});
