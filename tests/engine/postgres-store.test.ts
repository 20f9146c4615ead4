import { afterAll, beforeAll } from 'vitest';
import { PostgresStore } from '@/lib/db';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/test-database';
import { defineEngineSuite } from './harness';

// The same suite as MemoryStore, on PGlite by default and on a real server with TEST_DB=postgres.
let testDb: TestDatabase | undefined;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.close();
});

defineEngineSuite(() => {
  if (!testDb) throw new Error('the test database is not open yet');
  const { db, kind } = testDb;
  return {
    name: `PostgresStore (${kind})`,
    create: async (uid) => new PostgresStore(db, uid),
    sharesStateAcrossObjects: true,
  };
}, { sharesStateAcrossObjects: true, concurrentTransactions: testDatabaseKind() === 'postgres' });
