import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/lib/db';
import { QueueRunner } from '@/lib/runtime/queue-runner';
import { WORKER_LOST } from '@/lib/runtime/recovery';
import { startWorker, sweepLostWorkers, type WorkerHandle } from '@/lib/runtime/worker';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { MemoryStore, TriggerManager, type TaskInstance } from '@/lib/triggers';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';
import { createTaskRegistry, invocations } from './support/worker-tasks';
import { waitFor } from './support/wait-for';

const silent = () => {};


describe('queue runner without a PostgreSQL server', () => {
  it('fails the instance with a message saying what to configure, instead of losing it', async () => {
    const manager = new TriggerManager(new MemoryStore('no-queue'), { runner: new QueueRunner() });
    await manager.updateConfiguration({ t_a: { after: ['go'], run: 'passThru' } });
    expect(await manager.fire('go')).toEqual([]);
    const instance = await manager.store.instance('t_a#0');
    expect(instance.status).toBe('failed');
    expect(instance.metadata.exceptionMessage).toContain('DATABASE_URL');
  });
});

// Worker processes need a PostgreSQL server (PGlite is one process); these run in the server pass.
if (testDatabaseKind() === 'postgres') {
  describe('workers on a PostgreSQL job queue', () => {
    let testDb: TestDatabase;
    let url: string;
    const handles: WorkerHandle[] = [];
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      testDb = await createTestDatabase();
      url = testDb.url as string;
    });

    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(handles.map((h) => h.stop('test over')));
      await testDb?.close();
    });

    const runtime = () => createEngineRuntime(testDb.db, 'queue', { registry: createTaskRegistry() });
    const worker = async (options: { leaseSeconds?: number; sweepSeconds?: number; concurrency?: number } = {}) => {
      const handle = await startWorker({
        db: testDb.db,
        connectionString: url,
        registry: createTaskRegistry(),
        pollIntervalMs: 200,
        log: silent,
        ...options,
      });
      handles.push(handle);
      return handle;
    };
    const statusOf = async (uid: string, name: string): Promise<TaskInstance> => runtime().managerFor(uid).store.instance(name);

    /** scripts/worker.ts as a real process, with the test registry. */
    const spawnWorker = (env: Record<string, string> = {}): ChildProcess => {
      const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: url, TASKS_MODULE: 'tests/support/worker-tasks.ts', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    };

    it('fire → a worker runs the instance → cascade → the downstream task runs too', async () => {
      await worker();
      const manager = runtime().managerFor('queue:cascade');
      await manager.updateConfiguration({
        t_first: { after: ['go'], run: 'passThru' },
        t_second: { after: ['t_first'], run: 'passThru' },
      });
      const [scheduled] = await manager.fire('go', { n: 1 });
      expect(scheduled?.status).toBe('scheduled');
      const second = await waitFor('t_second#0 finished', async () => {
        const instance = await manager.store.instancesOfTask('t_second');
        return instance[0]?.status === 'finished' && instance[0];
      });
      expect(second.metadata.result).toEqual({ kwargs: { t_first: { kwargs: { go: { n: 1 } } } } });
      const first = await statusOf('queue:cascade', 't_first#0');
      expect(first.metadata.worker).toMatchObject({ pid: process.pid });
    });

    it('a retry with a cooldown runs its clone no earlier than the cooldown', async () => {
      const manager = runtime().managerFor('queue:cooldown');
      await manager.updateConfiguration({ t_flaky: { after: ['go'], run: 'flaky' } });
      await manager.fire('go', { cooldown: 2 });
      const clone = await waitFor('the clone finished', async () => {
        const instance = await statusOf('queue:cooldown', 't_flaky#1').catch(() => undefined);
        return instance?.status === 'finished' && instance;
      });
      const original = await statusOf('queue:cooldown', 't_flaky#0');
      expect(original.status).toBe('replayed');
      expect(clone.metadata.cooldown).toBe(2);
      const waited = Date.parse(clone.metadata.timestamps!.running!) - Date.parse(original.metadata.timestamps!.failed!);
      expect(waited).toBeGreaterThanOrEqual(1900);
      expect(clone.metadata.result).toEqual({ attempts: 2 });
    });

    it('two workers never run one instance twice, even when its job is delivered twice', async () => {
      await worker({ concurrency: 4 });
      const manager = runtime().managerFor('queue:twice');
      await manager.updateConfiguration({ t_each: { after: [], andEvery: 'tick', run: 'passThru' } });
      invocations.clear();
      const names: string[] = [];
      for (let n = 0; n < 40; n += 1) names.push(...(await manager.fire('tick', { n })).map((i) => i.name));
      // A duplicate job for every tenth instance (no job key, so the queue keeps both).
      for (const name of names.filter((_, i) => i % 10 === 0)) {
        await testDb.db.execute(
          sql`select graphile_worker.add_job('run_instance', ${JSON.stringify({ uid: 'queue:twice', instance: name })}::json)`,
        );
      }
      await waitFor('all 40 finished', async () => {
        const all = await manager.store.instancesOfTask('t_each');
        return all.length === 40 && all.every((i) => i.status === 'finished');
      });
      await waitFor('the queue drained', async () => {
        const [row] = await queryRows<{ n: number }>(testDb.db, sql`select count(*)::int as n from graphile_worker.jobs`);
        return row?.n === 0;
      });
      expect(names).toHaveLength(40);
      for (const name of names) expect(invocations.get(name), name).toBe(1);
    });

    it('a worker killed with SIGKILL mid-task: its instance ends failed/WorkerLost, and a replay then succeeds', async () => {
      const manager = runtime().managerFor('queue:killed');
      await manager.updateConfiguration({ t_hang: { after: ['go'], run: 'hangFirst', using: 'queue' } });
      // Only the child may take this job: stop the in-process workers first.
      await Promise.all(handles.splice(0).map((h) => h.stop('make room for the child')));
      const child = spawnWorker({ WORKER_LEASE_SECONDS: '2' });
      await manager.fire('go');
      const running = await waitFor('t_hang#0 running in the child', async () => {
        const instance = await statusOf('queue:killed', 't_hang#0');
        return instance.status === 'running' && instance;
      }, 60_000);
      expect((running.metadata.worker as { pid: number }).pid).toBe(child.pid);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      // A live worker's sweeper notices the expired lease.
      await worker({ leaseSeconds: 2, sweepSeconds: 1 });
      const lost = await waitFor('t_hang#0 failed', async () => {
        const instance = await statusOf('queue:killed', 't_hang#0');
        return instance.status === 'failed' && instance;
      });
      expect(lost.metadata.exceptionType).toBe(WORKER_LOST);
      expect(lost.metadata.exceptionMessage).toContain('t_hang#0');
      expect(await sweepLostWorkers(testDb.db, (uid) => runtime().managerFor(uid), { leaseSeconds: 2, sweeper: null, log: silent })).toEqual([]);
      // The dead process's queue pool was on record, so its locked job was released and has been
      // taken by the live worker (a no-op: the instance is no longer scheduled); it is swept.
      const [dead] = await queryRows<{ queue_pool_ids: string[]; ended_as: string; swept_at: Date | null }>(
        testDb.db,
        sql`select queue_pool_ids, ended_as, swept_at from workers where pid = ${child.pid}`,
      );
      expect(dead?.queue_pool_ids.length).toBeGreaterThan(0);
      expect(dead?.ended_as).toBe('lost');
      expect(dead?.swept_at).not.toBeNull();
      await waitFor('the released job to be done', async () => {
        const [row] = await queryRows<{ n: number }>(testDb.db, sql`select count(*)::int as n from graphile_worker.jobs`);
        return row?.n === 0;
      });

      const clone = await manager.replayFailedInstance('t_hang#0');
      const done = await waitFor('the replay finished', async () => {
        const instance = await statusOf('queue:killed', clone.name);
        return instance.status === 'finished' && instance;
      });
      expect(done.metadata.result).toEqual({ recovered: true, retries: 1 });
      const [row] = await queryRows<{ n: number }>(testDb.db, sql`select count(*)::int as n from task_instances where status = 'running'`);
      expect(row?.n).toBe(0);
    });

    it('a handler failing in a worker process records its frames project-relative (tests/support/…ts:line:col)', async () => {
      await Promise.all(handles.splice(0).map((h) => h.stop('make room for the child')));
      const manager = runtime().managerFor('queue:stack');
      await manager.updateConfiguration({ t_charge: { after: ['go'], run: 'declined' } });
      const child = spawnWorker();
      // The worker creates the queue's schema when it starts: fire once it has.
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('worker started')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it started: ${out}`)));
      });
      await manager.fire('go', { amount: 7 });
      const failed = await waitFor('t_charge#0 failed in the child', async () => {
        const instance = await statusOf('queue:stack', 't_charge#0');
        return instance.status === 'failed' && instance;
      }, 60_000);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      expect((failed.metadata.worker as { pid: number }).pid).toBe(child.pid);
      const info = String(failed.metadata.exceptionInfo);
      expect(info).toMatch(/\n {4}at chargeCard \(tests\/support\/worker-tasks\.ts:\d+:\d+\)\n/);
      expect(info).not.toContain(process.cwd());
      expect(info).not.toContain('file://');
    });

    it('a graceful stop keeps the lease while it finishes a job longer than the lease: the run is not declared lost', async () => {
      await Promise.all(handles.splice(0).map((h) => h.stop('make room')));
      const manager = runtime().managerFor('queue:long');
      await manager.updateConfiguration({ t_long: { after: ['go'], run: 'sleep' } });
      const stopping = await worker({ leaseSeconds: 2, sweepSeconds: 60 });
      await manager.fire('go', { ms: 4000 });
      await waitFor('t_long#0 running', async () => (await statusOf('queue:long', 't_long#0')).status === 'running');
      const stopped = stopping.stop('test');
      handles.splice(handles.indexOf(stopping), 1);
      // Another worker sweeps often meanwhile, with the same 2 s lease.
      await worker({ leaseSeconds: 2, sweepSeconds: 1 });
      await stopped;
      const done = await statusOf('queue:long', 't_long#0');
      expect(done.status).toBe('finished');
      expect(done.metadata.result).toEqual({ slept: true });
    });

    it('SIGTERM stops a worker gracefully: the jobs in hand finish, nothing is left running', async () => {
      await Promise.all(handles.splice(0).map((h) => h.stop('make room for the child')));
      const manager = runtime().managerFor('queue:graceful');
      await manager.updateConfiguration({ t_sleep: { after: [], andEvery: 'go', run: 'sleep' } });
      const child = spawnWorker({ WORKER_CONCURRENCY: '2' });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      for (let n = 0; n < 4; n += 1) await manager.fire('go', { ms: 1500 });
      await waitFor('two instances running', async () => {
        const all = await manager.store.instancesOfTask('t_sleep');
        return all.filter((i) => i.status === 'running').length === 2;
      }, 60_000);
      child.kill('SIGTERM');
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      const all = await manager.store.instancesOfTask('t_sleep');
      expect(all.filter((i) => i.status === 'running')).toEqual([]);
      expect(all.filter((i) => i.status === 'finished')).toHaveLength(2);
      expect(all.filter((i) => i.status === 'scheduled')).toHaveLength(2);
      // Structured logs: one JSON object per line.
      const lines = output.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
      expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining(['worker started', 'worker stopping: finishing the jobs in hand', 'worker stopped']));
      const [row] = await queryRows<{ ended_as: string }>(testDb.db, sql`select ended_as from workers where pid = ${child.pid}`);
      expect(row?.ended_as).toBe('stopped');

      // The two left scheduled still have their jobs: the next worker runs them.
      await worker();
      await waitFor('all four finished', async () => (await manager.store.instancesOfTask('t_sleep')).every((i) => i.status === 'finished'));
    });
  });
}
