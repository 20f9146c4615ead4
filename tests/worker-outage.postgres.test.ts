import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, queryRows, type Database } from '@/lib/db';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { WORKER_LOST } from '@/lib/runtime/recovery';
import { startWorker, type WorkerHandle, type WorkerLog } from '@/lib/runtime/worker';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { createTaskRegistry } from './support/worker-tasks';
import { waitFor } from './support/wait-for';

const LEASE_SECONDS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


interface OutageWorker {
  handle: WorkerHandle;
  proxy: TcpProxy;
  db: Database;
  /** Set when the worker stopped by itself. */
  exited: { value: boolean };
  messages: string[];
}

// Real workers on a real server, each reaching it through its own proxy, so an outage can be
// simulated for some or all of them while the shared PostgreSQL keeps running.
// Workers need a PostgreSQL server (PGlite is one process): `.postgres.test.ts` files run in the
// server pass only (vitest.config.ts).
describe('workers through a PostgreSQL outage longer than the lease', () => {
  let testDb: TestDatabase;
  const started: OutageWorker[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    for (const w of started) w.proxy.restore();
    await Promise.all(started.map((w) => w.handle.stop('test over').catch(() => undefined)));
    await Promise.all(started.map((w) => closeDatabase(w.db).catch(() => undefined)));
    await Promise.all(started.map((w) => w.proxy.close()));
    await testDb?.close();
  });

  const startOutageWorker = async (): Promise<OutageWorker> => {
    const proxy = await startTcpProxy(testDb.url!);
    const db = await createDatabase({ url: proxy.url });
    const messages: string[] = [];
    const log: WorkerLog = (_level, message) => messages.push(message);
    const handle = await startWorker({
      db,
      connectionString: proxy.url,
      registry: createTaskRegistry(),
      leaseSeconds: LEASE_SECONDS,
      heartbeatSeconds: 1,
      sweepSeconds: 1,
      pollIntervalMs: 200,
      log,
    });
    const exited = { value: false };
    handle.done.then(
      () => (exited.value = true),
      () => (exited.value = true),
    );
    const worker = { handle, proxy, db, exited, messages };
    started.push(worker);
    return worker;
  };
  const workerRow = async (id: string) =>
    (await queryRows<{ stopped_at: Date | null; ended_as: string | null }>(testDb.db, sql`select stopped_at, ended_as from workers where id = ${id}`))[0];
  const manager = (uid: string) => createEngineRuntime(testDb.db, 'queue', { registry: createTaskRegistry() }).managerFor(uid);

  it('nobody is declared lost, and nobody exits, when the database is away for everyone for over two leases', async () => {
    const workers = [await startOutageWorker(), await startOutageWorker()];
    const ids = workers.map((w) => w.handle.id);
    // Both have been connected for a whole lease: each one is a sweeper that may judge.
    await sleep((LEASE_SECONDS + 1) * 1000);

    for (const w of workers) w.proxy.cut();
    await sleep((LEASE_SECONDS * 2 + 2) * 1000);
    for (const w of workers) w.proxy.restore();
    // Long enough for every sweeper to judge again after the outage.
    await sleep((LEASE_SECONDS * 2 + 1) * 1000);

    for (const [i, w] of workers.entries()) {
      expect(w.exited.value, `worker ${i} exited`).toBe(false);
      expect(w.handle.id, `worker ${i} had to register again`).toBe(ids[i]);
      expect(await workerRow(ids[i]!)).toEqual({ stopped_at: null, ended_as: null });
    }
    // And they still work.
    const m = manager('outage:all');
    await m.updateConfiguration({ t_each: { after: [], andEvery: 'tick', run: 'passThru' } });
    for (let n = 0; n < 4; n += 1) await m.fire('tick', { n });
    await waitFor('the four runs', async () => {
      const all = await m.store.instancesOfTask('t_each');
      return all.length === 4 && all.every((i) => i.status === 'finished');
    });
    await Promise.all(started.splice(0).map(async (w) => {
      await w.handle.stop('next test');
      await closeDatabase(w.db);
      await w.proxy.close();
    }));
  }, 90_000);

  it('a worker cut off alone is declared lost by a connected one, then registers again instead of exiting; its run stays WorkerLost', async () => {
    const cutOff = await startOutageWorker();
    const m = manager('outage:one');
    await m.updateConfiguration({ t_long: { after: ['go'], run: 'sleep' } });
    await m.fire('go', { ms: 14_000 });
    const running = await waitFor('t_long#0 running on the worker to be cut off', async () => {
      const instance = await m.store.instance('t_long#0');
      return instance.status === 'running' && instance;
    });
    const firstId = cutOff.handle.id;
    expect((running.metadata.worker as { id: string }).id).toBe(firstId);

    const connected = await startOutageWorker();
    await sleep((LEASE_SECONDS + 1) * 1000);
    cutOff.proxy.cut();
    // The connected worker sees it silent for a whole lease: lost, and its run WorkerLost.
    const lost = await waitFor('t_long#0 failed', async () => {
      const instance = await m.store.instance('t_long#0');
      return instance.status === 'failed' && instance;
    }, 20_000);
    expect(lost.metadata.exceptionType).toBe(WORKER_LOST);
    expect(await workerRow(firstId)).toMatchObject({ ended_as: 'lost' });
    cutOff.proxy.restore();

    // Back, it finds itself lost and registers again under a new id: it does not exit.
    await waitFor(
      'the cut-off worker to register again',
      async () => cutOff.messages.includes('this process had been declared lost (no heartbeat within the lease): registered again under a new id'),
      20_000,
    );
    expect(cutOff.handle.id).not.toBe(firstId);
    expect(await workerRow(cutOff.handle.id)).toEqual({ stopped_at: null, ended_as: null });
    expect(await workerRow(connected.handle.id)).toEqual({ stopped_at: null, ended_as: null });

    // Its handler ends after that: the run stays failed (WorkerLost), not finished on top.
    await waitFor('the handler to have ended', async () => cutOff.messages.includes('instance run'), 20_000);
    const after = await m.store.instance('t_long#0');
    expect(after.status).toBe('failed');
    expect(after.metadata.exceptionType).toBe(WORKER_LOST);
    expect(after.metadata.result).toBeUndefined();
    expect(cutOff.exited.value).toBe(false);
    expect(connected.exited.value).toBe(false);

    // Both keep working.
    await m.updateConfiguration({ t_long: { after: ['go'], run: 'sleep' }, t_each: { after: [], andEvery: 'tick', run: 'passThru' } });
    for (let n = 0; n < 6; n += 1) await m.fire('tick', { n });
    await waitFor('the six runs', async () => {
      const all = await m.store.instancesOfTask('t_each');
      return all.length === 6 && all.every((i) => i.status === 'finished');
    });
  }, 120_000);
});
