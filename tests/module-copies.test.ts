/**
 * A Next.js server bundles a module once per entry: the app's engine is made at boot in
 * instrumentation's copy, and route code (another copy) receives its objects. What route code
 * recognises must not depend on `instanceof` against its own copy of a class.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore, sqlCapabilityOf } from '@/lib/db';
import type * as StoreModule from '@/lib/db/store/store';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.close());

describe('objects made by another copy of the modules', () => {
  it('sqlCapabilityOf recognises a transaction of another copy of PostgresStore', async () => {
    vi.resetModules();
    const other: typeof StoreModule = await import('@/lib/db/store/store');
    expect(other.PostgresStore).not.toBe(PostgresStore);
    const seen = await new other.PostgresStore(testDb.db, 'copies:1').transaction(async (tx) => {
      const sql = sqlCapabilityOf(tx);
      return sql === null ? null : { actor: sql.actor, hasExecutor: typeof sql.executor.execute === 'function' };
    });
    expect(seen).toEqual({ actor: 'system', hasExecutor: true });
  });
});
