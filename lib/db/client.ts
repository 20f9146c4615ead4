/**
 * Opening, migrating and closing databases. Two drivers behind one type:
 * - a PostgreSQL URL: postgres.js (drizzle-orm/postgres-js), for servers and production;
 * - no URL: PGlite (drizzle-orm/pglite), an embedded PostgreSQL in a folder or in memory.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { is, type SQLWrapper } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** The Drizzle database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface CreateDatabaseOptions {
  /** A PostgreSQL URL: use postgres.js. Absent: use PGlite. */
  url?: string;
  /** PGlite folder (created if missing); 'memory://' for an in-memory database. Default 'memory://'. */
  dataDir?: string;
  /** The migrations (`drizzle/`); default `drizzle/` in the working directory (the engine library passes its own copy). */
  migrationsFolder?: string;
}

/** Thrown when a database cannot be opened or migrated; the message says which one. */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The PGlite folder is open in another live process (`pid`): PGlite allows one process per
 * folder, so callers (the CLI) can point at the running process instead of waiting or retrying.
 */
export class DatabaseInUseError extends DatabaseOpenError {
  constructor(
    message: string,
    readonly location: string,
    readonly pid: number,
  ) {
    super(message);
  }
}

const closers = new WeakMap<Database, () => Promise<void>>();

// Any constant works; it only has to be the same in every process migrating one server.
const MIGRATION_LOCK_KEY = 7_413_029_118;

/** `drizzle/` next to package.json. Resolved from the working directory, not this file: bundled code moves. */
export function migrationsFolder(given?: string): string {
  const folder = given ?? path.join(process.cwd(), 'drizzle');
  if (!existsSync(path.join(folder, 'meta', '_journal.json'))) {
    throw new DatabaseOpenError(
      `Migrations not found in ${folder}. Start the app from its own folder (where package.json and drizzle/ are).`,
    );
  }
  return folder;
}

/** Hides the password of a connection URL, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const silenceNotices = () => {};

/**
 * The extensions every PGlite instance must load (the migrations create them): pg_trgm for the
 * search's trigram indexes. Pass these to every `PGlite.create`, snapshots included.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * Opens a new, independent database connection (pool), fully migrated from `drizzle/`.
 * Close it with `closeDatabase`.
 *
 * @example
 * const db = await createDatabase({ dataDir: 'memory://' });
 * try { await db.select().from(sessions); } finally { await closeDatabase(db); }
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.migrationsFolder);
  return openPglite(options.dataDir ?? 'memory://', options.migrationsFolder);
}

/**
 * Seconds before the next connection attempt after `retries` failed ones: postgres.js's growth,
 * capped at 2 s instead of 20, so that after an outage every process is back within a moment —
 * well inside a worker lease, or it would look lost to the workers that came back first.
 */
function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 2);
}

async function openPostgres(url: string, migrations?: string): Promise<Database> {
  const folder = migrationsFolder(migrations);
  // Migrate on one dedicated connection holding an advisory lock, so that several processes
  // starting together (app, workers, parallel tests on one database) never migrate twice.
  const migrator = postgres(url, { max: 1, onnotice: silenceNotices, connect_timeout: 10 });
  try {
    await migrator.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(drizzlePostgres({ client: migrator }), { migrationsFolder: folder });
    await migrator.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  } catch (error) {
    throw new DatabaseOpenError(
      `Could not open and migrate PostgreSQL at ${redactUrl(url)}: ${errorMessage(error)}`,
      { cause: error },
    );
  } finally {
    await migrator.end({ timeout: 5 });
  }

  const client = postgres(url, { onnotice: silenceNotices, connect_timeout: 10, backoff: reconnectDelaySeconds });
  const db: Database = drizzlePostgres({ client, schema });
  closers.set(db, () => client.end({ timeout: 5 }));
  return db;
}

async function openPglite(dataDir: string, migrations?: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  // turbopackIgnore: a user-chosen folder, not a source file to trace into the build output.
  const location = inMemory ? dataDir : path.resolve(/*turbopackIgnore: true*/ process.cwd(), dataDir);
  // PGlite creates only the last folder of its path.
  if (!inMemory) mkdirSync(path.dirname(location), { recursive: true });
  const unlock = inMemory ? () => {} : lockFolder(location);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: location, extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    unlock();
    throw new DatabaseOpenError(`Could not open the PGlite database in ${location}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const db = await adoptPglite(client, location, migrations).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const close = closers.get(db);
  closers.set(db, async () => {
    try {
      await close?.();
    } finally {
      unlock();
    }
  });
  return db;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

function inUse(location: string, owner: number): DatabaseInUseError {
  return new DatabaseInUseError(
    `The embedded database in ${location} is open in another process (pid ${owner}); PGlite allows one process per folder. ` +
      `Stop that process, or set PGLITE_DATA_DIR to another folder. If no such process is running, delete ${location}.lock.`,
    location,
    owner,
  );
}

/**
 * Throws DatabaseInUseError when another live process has the PGlite folder open (its lock, as
 * `createDatabase` takes it), without opening it: scripts check before asking for input.
 */
export function assertPgliteFolderFree(dataDir: string): void {
  if (dataDir.startsWith('memory://')) return;
  const location = path.resolve(/*turbopackIgnore: true*/ process.cwd(), dataDir);
  let owner: number;
  try {
    owner = Number(readFileSync(`${location}.lock`, 'utf8').trim());
  } catch {
    return; // no lock
  }
  if (owner !== process.pid && Number.isInteger(owner) && owner > 0 && processAlive(owner)) throw inUse(location, owner);
}

/**
 * PGlite does not stop a second process from opening a folder that is open, and two processes
 * writing one folder corrupt it. A `<folder>.lock` file holds the owner's pid; a lock whose
 * process is gone (a crash) is taken over. Returns the release function.
 */
function lockFolder(location: string): () => void {
  const lockFile = `${location}.lock`;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    // The pid is written first and the lock appears whole (a hard link): no one reads it half-written.
    const draft = `${lockFile}.${process.pid}.${attempt}`;
    writeFileSync(draft, String(process.pid));
    try {
      linkSync(draft, lockFile);
      unlinkSync(draft);
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      unlinkSync(draft);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: number;
      try {
        owner = Number(readFileSync(lockFile, 'utf8').trim());
      } catch {
        continue; // released meanwhile: try again
      }
      if (owner === process.pid) return () => {}; // this process opened it already: its first opener unlocks
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) throw inUse(location, owner);
      // Left by a process that died: take it over (rename is atomic: if two starters race, one wins the retry).
      try {
        renameSync(lockFile, `${lockFile}.stale.${process.pid}`);
        unlinkSync(`${lockFile}.stale.${process.pid}`);
      } catch {
        // someone else took it over first
      }
    }
  }
  throw new DatabaseOpenError(`Could not lock ${location}: another process keeps taking ${lockFile}.`);
}

/**
 * Wraps an already created PGlite client (e.g. one loaded from a snapshot with `loadDataDir`),
 * migrates it and takes ownership: `closeDatabase` closes the client.
 */
export async function adoptPglite(client: PGlite, description = 'PGlite', migrations?: string): Promise<Database> {
  const db: Database = drizzlePglite({ client, schema });
  closers.set(db, () => client.close());
  try {
    await migratePglite(db as PgliteDatabase<typeof schema>, { migrationsFolder: migrationsFolder(migrations) });
  } catch (error) {
    await closeDatabase(db);
    throw new DatabaseOpenError(`Could not migrate ${description}: ${errorMessage(error)}`, { cause: error });
  }
  return db;
}

/** Closes a database opened by `createDatabase`. Closing twice is harmless. */
export async function closeDatabase(db: Database): Promise<void> {
  const close = closers.get(db);
  if (!close) return;
  closers.delete(db);
  await close();
}

/** Which driver a database uses. */
export function dbKind(db: Database): DatabaseKind {
  return is(db, PgliteDatabase) ? 'pglite' : 'postgres';
}

/** The underlying PGlite client (for snapshots in tests), or undefined on postgres.js. */
export function pgliteClientOf(db: Database): PGlite | undefined {
  if (!is(db, PgliteDatabase)) return undefined;
  return (db as PgliteDatabase<typeof schema> & { $client: PGlite }).$client;
}

/**
 * Runs raw SQL and returns its rows on either driver: `db.execute` gives `{ rows }` on PGlite
 * and an array on postgres.js.
 *
 * @example
 * const [row] = await queryRows<{ n: number }>(db, sql`select 1 as n`);
 */
export async function queryRows<Row extends Record<string, unknown> = Record<string, unknown>>(
  db: Database,
  query: SQLWrapper | string,
): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return Array.from(result as Row[]);
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Row[];
  }
  throw new TypeError('db.execute returned neither an array nor { rows }: unknown driver');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
