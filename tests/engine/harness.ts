/**
 * The behavioural suite of the trigger engine, written once against the `SessionStore`
 * interface and run against every store: memory-store.test.ts (MemoryStore) and postgres-store.test.ts
 * (PostgresStore on PGlite, and on a PostgreSQL server when TEST_DB=postgres).
 *
 * ```ts
 * defineEngineSuite(() => ({ name: 'MemoryStore', create: async (uid) => new MemoryStore(uid),
 *                            sharesStateAcrossObjects: false }),
 *                   { sharesStateAcrossObjects: false, concurrentTransactions: true });
 * ```
 * `getFactory` is called lazily, inside tests and hooks only.
 */
import { describe } from 'vitest';
import type { GetFactory, StoreCapabilities } from './helpers';
import { cascadesSuite } from './suites/cascades';
import { extensionsSuite } from './suites/extensions';
import { configurationSuite } from './suites/configuration';
import { firingSuite } from './suites/firing';
import { hooksSuite } from './suites/hooks';
import { inspectionSuite } from './suites/inspection';
import { journalSuite } from './suites/journal';
import { lockingSuite } from './suites/locking';
import { metadataSuite } from './suites/metadata';
import { replaySuite } from './suites/replay';
import { runnersSuite } from './suites/runners';
import { runningSuite } from './suites/running';
import { schemasSuite } from './suites/schemas';
import { seedDocumentSuite } from './suites/seed-document';
import { skipSuite } from './suites/skip';
import { statusSuite } from './suites/status';
import { taskSideSuite } from './suites/task-side';

export * from './helpers';

export function defineEngineSuite(getFactory: GetFactory, capabilities: StoreCapabilities): void {
  describe('trigger engine', () => {
    configurationSuite(getFactory);
    firingSuite(getFactory);
    statusSuite(getFactory);
    runningSuite(getFactory);
    schemasSuite(getFactory);
    cascadesSuite(getFactory);
    replaySuite(getFactory);
    skipSuite(getFactory);
    taskSideSuite(getFactory);
    metadataSuite(getFactory);
    inspectionSuite(getFactory);
    hooksSuite(getFactory);
    lockingSuite(getFactory, capabilities);
    runnersSuite(getFactory);
    seedDocumentSuite(getFactory);
    extensionsSuite(getFactory);
    journalSuite(getFactory);
  });
}
