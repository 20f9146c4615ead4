/**
 * The engine as a library, for Node services that fire triggers into sessions or run workers on
 * the dashboard's database: the engine API (lib/triggers), the PostgreSQL store and migrations
 * (lib/db), and the worker (lib/runtime/worker). `npm run build:engine` compiles this file to
 * ESM + .d.ts in dist/engine/ (with a copy of the migrations), which package.json exports as
 * `triggerboard/engine`; another project imports it without the app's `@/` paths or Next.js.
 *
 * @example
 * import { connect } from 'triggerboard/engine';
 * const engine = await connect({ url: process.env.DATABASE_URL });
 * const session = engine.managerFor('order-1042');
 * await session.updateConfiguration({ t_validateOrder: { after: ['orderPlaced'], run: 'validateOrder' } });
 * await session.fire('orderPlaced', { orderId: '1042' });   // workers (npm run worker) run it
 * await engine.close();
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeDatabase, createDatabase, PostgresStore, type Database, type PostgresStoreOptions } from '@/lib/db';
import { createEngineRuntime, type RunMode } from '@/lib/runtime/engine';
import { ensureQueueSchema } from '@/lib/runtime/queue';
import { TaskRegistry, type TriggerManager } from '@/lib/triggers';

export * from '@/lib/triggers';
export {
  closeDatabase,
  createDatabase,
  DatabaseOpenError,
  dbKind,
  PostgresStore,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseKind,
  type PostgresStoreOptions,
} from '@/lib/db';
export { startWorker, jsonLinesLog, type WorkerHandle, type WorkerOptions, type WorkerLog } from '@/lib/runtime/worker';
export type { RunMode } from '@/lib/runtime/engine';

export interface ConnectOptions {
  /** A PostgreSQL URL: tasks run on workers (`npm run worker`, or `startWorker`). */
  url?: string;
  /** Or a PGlite folder ('memory://' by default): tasks run in this process. One process per folder. */
  dataDir?: string;
  /**
   * Handlers this process may run: those of tasks configured `using: 'inline'` (and every task on
   * PGlite). A service that only fires triggers into a PostgreSQL database needs none.
   */
  registry?: TaskRegistry;
  /** Who the session journal says made this process's changes (default `service`). */
  actor?: string;
  /** The migrations folder; default the one built beside this library (or `drizzle/` of the working directory). */
  migrationsFolder?: string;
}

export interface EngineConnection {
  db: Database;
  /** `queue` with a PostgreSQL URL (workers run the tasks), `inline` on PGlite. */
  mode: RunMode;
  /** A manager on one session: configure it, fire triggers, replay or skip its failures. */
  managerFor(uid: string, store?: PostgresStoreOptions): TriggerManager;
  /** The session's store, to read it (instances, unresolved tasks, debugRepr) without changing it. */
  store(uid: string): PostgresStore;
  /** Resolves when the runs this process started (PGlite, `using: 'inline'` tasks) and their cascades have ended. */
  drain(): Promise<void>;
  /** Waits for the runs this process started, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens (and migrates, under the same lock as the dashboard) the database, and wires the engine
 * for this process: with a URL, triggers fired here become jobs for the workers, in the same
 * transaction as the change.
 */
export async function connect(options: ConnectOptions = {}): Promise<EngineConnection> {
  const migrationsFolder = options.migrationsFolder ?? builtMigrations();
  const db = await createDatabase({ url: options.url, dataDir: options.dataDir, migrationsFolder });
  try {
    if (options.url) await ensureQueueSchema(options.url);
  } catch (error) {
    await closeDatabase(db);
    throw error;
  }
  const mode: RunMode = options.url ? 'queue' : 'inline';
  const runtime = createEngineRuntime(db, mode, {
    registry: options.registry ?? new TaskRegistry(),
    journalActor: options.actor ?? 'service',
  });
  return {
    db,
    mode,
    managerFor: runtime.managerFor,
    store: (uid) => new PostgresStore(db, uid),
    drain: () => runtime.inline.drain(),
    async close() {
      await runtime.inline.drain();
      await closeDatabase(db);
    },
  };
}

/** dist/engine/drizzle when running from the build; undefined (the working directory's) from source. */
function builtMigrations(): string | undefined {
  const url = import.meta.url;
  if (!url.startsWith('file:')) return undefined;
  const folder = fileURLToPath(new URL('./drizzle', url));
  return existsSync(folder) ? folder : undefined;
}
