import 'server-only';
import { getEnv } from '@/lib/env';
import { closeDatabase, createDatabase, dbKind, type Database, type DatabaseKind } from './client';

/**
 * The app's one database per process, kept on `globalThis` so that dev hot reloads and
 * concurrent first requests share it. Opened (and migrated) at boot by `instrumentation.ts`.
 */
const store = globalThis as typeof globalThis & {
  __triggerboardDatabase?: Promise<Database>;
  __triggerboardDatabaseOpened?: Set<(db: Database) => void>;
};

/**
 * Calls `listener` each time the app's database is opened successfully from now on (e.g. the
 * first open that works after PostgreSQL was down at boot). Returns a function that removes it.
 */
export function onAppDatabaseOpened(listener: (db: Database) => void): () => void {
  const listeners = (store.__triggerboardDatabaseOpened ??= new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The app's database, opened from the environment on first use. A failed open is retried next call. */
export function getAppDatabase(): Promise<Database> {
  const existing = store.__triggerboardDatabase;
  if (existing) return existing;

  const env = getEnv();
  const opening = createDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR },
  );
  store.__triggerboardDatabase = opening;
  // Forget a failed attempt so the next call tries again (e.g. PostgreSQL was still starting).
  opening.then(
    (db) => {
      for (const listener of store.__triggerboardDatabaseOpened ?? []) listener(db);
    },
    () => {
      if (store.__triggerboardDatabase === opening) store.__triggerboardDatabase = undefined;
    },
  );
  return opening;
}

/** Which driver the app uses (from the environment; does not open the database). */
export function appDatabaseKind(db?: Database): DatabaseKind {
  if (db) return dbKind(db);
  return getEnv().DATABASE_URL ? 'postgres' : 'pglite';
}

/** Closes the app's database if it was opened (graceful shutdown, tests). The next use reopens it. */
export async function closeAppDatabase(): Promise<void> {
  const opening = store.__triggerboardDatabase;
  store.__triggerboardDatabase = undefined;
  if (!opening) return;
  const db = await opening.catch(() => undefined);
  if (db) await closeDatabase(db);
}
