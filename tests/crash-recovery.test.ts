import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, PostgresStore } from '@/lib/db';
import { recoverInterruptedInstances, WORKER_LOST } from '@/lib/runtime/recovery';
import { InlineRunner, TaskRegistry, TriggerManager } from '@/lib/triggers';
import { createTestDatabase, testDatabaseKind } from './support/test-database';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Runs tests/support/crash-child.ts until it prints READY, then kills it with SIGKILL. */
async function runChildAndKill(dataDir: string, uid: string, whileAlive: () => Promise<void> = async () => {}): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-child.ts', dataDir, uid], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child never became READY:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited early (${code}):\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await whileAlive();
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('a process killed between scheduling and running (embedded PGlite mode)', () => {
  // The embedded mode is PGlite by definition: checked once, in the PGlite pass. Spawning a
  // process and creating a PGlite folder takes seconds on a loaded 2-core machine.
  if (testDatabaseKind() === 'pglite') it('leaves nothing stranded: scheduled work is run again at the next start, running work becomes WorkerLost and replayable', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'triggerboard-crash-'));
    folders.push(dataDir);
    const uid = 'crash:session';
    // While the child has the folder open, another process may not open it (PGlite would let it,
    // and two writers corrupt the folder). After the kill, its stale lock is taken over.
    await runChildAndKill(path.join(dataDir, 'pglite'), uid, async () => {
      await expect(createDatabase({ dataDir: path.join(dataDir, 'pglite') })).rejects.toThrow(/is open in another process \(pid \d+\)/);
    });

    const db = await createDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const registry = new TaskRegistry()
        .register('hang', () => ({ recovered: true }))
        .register('echo', (ctx) => ({ echoed: ctx.triggerKwargs }));
      const runner = new InlineRunner();
      const manager = new TriggerManager(new PostgresStore(db, uid), { registry, runner });
      const store = manager.store;

      // What the killed process left: one instance running, one scheduled with no queue behind it.
      expect((await store.instance('t_slow#0')).status).toBe('running');
      expect((await store.instance('t_queued#0')).status).toBe('scheduled');

      const report = await recoverInterruptedInstances(db, {
        managerFor: () => manager,
        inProcessRunners: new Set([null, 'inline']),
        processIsSoleRunner: true,
      });
      await runner.drain();
      expect(report).toEqual({ redispatched: [`${uid} t_queued#0`], lost: [`${uid} t_slow#0`] });

      const queued = await store.instance('t_queued#0');
      expect(queued.status).toBe('finished');
      expect(queued.metadata.result).toEqual({ echoed: { go: { attempt: 1 } } });
      expect((await store.instance('t_after#0')).status).toBe('finished');

      const lost = await store.instance('t_slow#0');
      expect(lost.status).toBe('failed');
      expect(lost.metadata.exceptionType).toBe(WORKER_LOST);
      expect(lost.metadata.exceptionMessage).toContain("'t_slow#0'");

      const clone = await manager.replayFailedInstance('t_slow#0');
      await runner.drain();
      expect((await store.instance(clone.name)).status).toBe('finished');
      expect(await store.unresolvedInstances()).toEqual([]);

      // A second recovery finds nothing left to do.
      expect(
        await recoverInterruptedInstances(db, {
          managerFor: () => manager,
          inProcessRunners: new Set([null, 'inline']),
          processIsSoleRunner: true,
        }),
      ).toEqual({ redispatched: [], lost: [] });
    } finally {
      await closeDatabase(db);
    }
  }, 120_000);

  it('redispatchInstance changes nothing for an instance that is no longer scheduled', async () => {
    const testDb = await createTestDatabase();
    const { db } = testDb;
    try {
      const registry = new TaskRegistry().register('echo', () => ({}));
      const runner = new InlineRunner();
      const manager = new TriggerManager(new PostgresStore(db, 'redispatch'), { registry, runner });
      await manager.updateConfiguration({ t_a: { after: ['go'], run: 'echo' } });
      await manager.fire('go');
      await runner.drain();
      const before = await manager.store.instance('t_a#0');
      expect(await manager.redispatchInstance('t_a#0')).toBe(false);
      await runner.drain();
      expect(await manager.store.instance('t_a#0')).toEqual(before);
    } finally {
      await testDb.close();
    }
  });
});
