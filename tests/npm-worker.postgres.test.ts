/**
 * `npm run worker` as a user runs it on a PostgreSQL server: it starts, registers, and stops
 * cleanly on SIGTERM. Workers need a server, so this runs in the PostgreSQL pass only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/lib/db';
import { start, stopAllScripts } from './support/npm-run';
import { createTestDatabase } from './support/test-database';

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
});
