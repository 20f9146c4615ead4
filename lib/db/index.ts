/**
 * The persistence layer's door. Everything outside `lib/db/` imports from here.
 *
 * `createDatabase` returns a new, independent, fully migrated connection on each call; the
 * Next.js app keeps its own singleton on top of it (`lib/db/app-database.ts`).
 */
export {
  assertPgliteFolderFree,
  closeDatabase,
  createDatabase,
  DatabaseInUseError,
  DatabaseOpenError,
  dbKind,
  queryRows,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseKind,
} from './client';
export { pingDatabase, type DatabasePing } from './health';
export * as schema from './schema';
export type { NewSessionRow, SessionRow } from './schema';
export {
  PostgresStore,
  sqlCapabilityOf,
  type InstanceChange,
  type PostgresStoreOptions,
  type SqlExecutor,
  type SqlTransactionCapability,
} from './store';
