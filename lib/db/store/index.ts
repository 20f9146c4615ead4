/**
 * The engine's SessionStore on PostgreSQL, the persistence layer's adapter of the store seam
 * (the engine itself loads no SQL). Rows become engine types in rows.ts and nowhere else.
 */
export { PostgresStore, type PostgresStoreOptions } from './store';
export { sqlCapabilityOf, type InstanceChange, type SqlExecutor, type SqlTransactionCapability } from './capability';
export { rowToEvent, rowToInstance, rowToTask } from './rows';
