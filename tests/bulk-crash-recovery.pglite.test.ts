import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db';
import { closeAppDatabase, getAppDatabase } from '@/lib/db/app-database';
import { getBulkOperation, listBulkItems } from '@/lib/db/queries/bulk';
import { waitFor } from './support/wait-for';

/**
 * The embedded server killed in the middle of a bulk action, restarted while its PGlite folder is
 * still held: boot cannot open the database, and recovery must run once it can.
 */
const folders: string[] = [];
let stopLoop: (() => void) | undefined;
afterAll(async () => {
  stopLoop?.();
  await closeAppDatabase();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});


describe('a server killed mid-bulk, restarted while the database cannot be opened yet', () => {
  // The embedded mode is PGlite by definition: checked once, in the PGlite pass (`.pglite.test.ts`).
  it('resumes the bulk action once the database opens: every item done exactly once', async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'triggerboard-bulk-crash-')), 'pglite');
    folders.push(path.dirname(dataDir));
    process.env.PGLITE_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;

    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/support/bulk-crash-child.ts', dataDir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const bulkId = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never became READY:\n${output}`)), 90_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`child exited early (${code}):\n${output}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));

    // The new server boots while the dying one still holds the folder: no database at boot.
    const { bootServer } = await import('@/lib/boot');
    const { startRecoveryLoop } = await import('@/lib/runtime/app-recovery');
    await bootServer();
    stopLoop = startRecoveryLoop(); // the loop bootServer started (idempotent): to stop it after the test
    await expect(getAppDatabase()).rejects.toThrow(/open in another process/);

    child.kill('SIGKILL');
    await exited;

    // The next request opens the database: recovery runs then, not only at the next boot.
    const db = await getAppDatabase();
    const finished = await waitFor(
      'the bulk action to finish',
      async () => {
        const view = await getBulkOperation(db, bulkId);
        return view?.operation.state === 'finished' && view;
      },
      60_000,
    );
    expect(finished.counts).toEqual({ total: 6, pending: 0, done: 6, alreadyHandled: 0, error: 0 });
    const items = await listBulkItems(db, bulkId);
    expect(items.map((i) => i.outcome)).toEqual(Array(6).fill('done'));
    for (const item of items) {
      const [row] = await queryRows<{ skips: number; status: string; audits: number }>(
        db,
        sql`select (select count(*)::int from session_events where session_uid = ${item.sessionUid} and kind = 'instance-skipped') as skips,
                   (select status from task_instances where session_uid = ${item.sessionUid} and name = 't_greet#0') as status,
                   (select count(*)::int from audit_events where session_uid = ${item.sessionUid} and action = 'skip' and outcome = 'ok') as audits`,
      );
      expect(row, item.sessionUid).toEqual({ skips: 1, status: 'skipped', audits: 1 });
    }
  }, 180_000);
});
