/**
 * A fresh, migrated database for one test file (or one test), on the backend the run asks for:
 *
 * - default: PGlite in memory. The first call of a run builds a migrated template and keeps
 *   it in `node_modules/.cache/triggerboard/` (keyed by the migrations and the PGlite version);
 *   every database is then loaded from that snapshot (~1 s instead of ~3-4 s for initdb).
 * - `TEST_DB=postgres`: a brand-new database on the server of `TEST_DATABASE_URL`, with a random
 *   name, dropped on `close()`, so test files never see each other's rows.
 *
 * @example
 * let testDb: TestDatabase;
 * beforeAll(async () => { testDb = await createTestDatabase(); });
 * afterAll(() => testDb.close());
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { adoptPglite, migrationsFolder, PGLITE_EXTENSIONS, pgliteClientOf } from '@/lib/db/client';
import { closeDatabase, createDatabase, type Database, type DatabaseKind } from '@/lib/db';

export interface TestDatabase {
  db: Database;
  kind: DatabaseKind;
  /** The connection URL of this database (postgres only). */
  url?: string;
  /** Closes the connection and, on PostgreSQL, drops the database. */
  close(): Promise<void>;
}

/** The backend this test run uses: `TEST_DB=postgres` or PGlite (default). */
export function testDatabaseKind(): DatabaseKind {
  const value = process.env.TEST_DB ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres') {
    throw new Error(`TEST_DB must be "pglite" or "postgres" (got ${JSON.stringify(value)}).`);
  }
  return value;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  return testDatabaseKind() === 'postgres' ? createPostgresTestDatabase() : createPgliteTestDatabase();
}

// ---------------------------------------------------------------- PGlite

let template: Promise<Blob> | undefined;

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  template ??= loadOrBuildTemplate().catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  const client = await PGlite.create({ loadDataDir: await template, extensions: PGLITE_EXTENSIONS });
  // Migrating a snapshot that is already up to date is a no-op check (~ms).
  const db = await adoptPglite(client, 'the PGlite test database');
  return { db, kind: 'pglite', close: () => closeDatabase(db) };
}

async function loadOrBuildTemplate(): Promise<Blob> {
  const cacheDir = path.join(process.cwd(), 'node_modules', '.cache', 'triggerboard');
  const file = path.join(cacheDir, `pglite-template-${await templateKey()}.tar`);
  if (existsSync(file)) return openAsBlob(file);
  const db = await createDatabase({ dataDir: 'memory://' });
  try {
    const client = pgliteClientOf(db);
    if (!client) throw new Error('expected a PGlite database');
    const dump = await client.dumpDataDir('none');
    const bytes = new Uint8Array(await dump.arrayBuffer());
    // Write then rename: parallel test workers may build the same template at the same time.
    await mkdir(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    await removeStaleTemplates(cacheDir, path.basename(file));
    return new Blob([bytes]);
  } finally {
    await closeDatabase(db);
  }
}

/** Changes whenever a migration or the PGlite version changes. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    await readFile(path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  hash.update(`pglite@${pglite.version}\n`);
  const folder = migrationsFolder();
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.sql')).sort()) {
    hash.update(`${name}\n`).update(await readFile(path.join(folder, name)));
  }
  hash.update(await readFile(path.join(folder, 'meta', '_journal.json')));
  return hash.digest('hex').slice(0, 16);
}

async function removeStaleTemplates(cacheDir: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith('pglite-template-') && name.endsWith('.tar') && name !== keep) {
      await rm(path.join(cacheDir, name), { force: true });
    }
  }
}

// ---------------------------------------------------------------- PostgreSQL

async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    throw new Error(
      'TEST_DB=postgres needs TEST_DATABASE_URL, e.g. postgres://triggerboard:triggerboard@127.0.0.1:5432/triggerboard_test ' +
        '(a role with CREATEDB: each test file gets its own database).',
    );
  }
  const name = `tb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(baseUrl, `create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;

  let db: Database;
  try {
    db = await createDatabase({ url: url.toString() });
  } catch (error) {
    await dropDatabase(baseUrl, name);
    throw error;
  }
  return {
    db,
    kind: 'postgres',
    url: url.toString(),
    close: async () => {
      await closeDatabase(db);
      await dropDatabase(baseUrl, name);
    },
  };
}

/**
 * Drops a test database. `WITH (FORCE)` ends connections a test left behind (killed workers), but on
 * PostgreSQL 15 it refuses when an autovacuum worker is busy in that database ("must be a member of
 * the role whose process is being terminated": the worker belongs to no role). A plain DROP signals
 * autovacuum away and waits for it, so on that refusal the plain form is tried, a few times.
 */
async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const forced = `drop database if exists "${name}" with (force)`;
  const plain = `drop database if exists "${name}"`;
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(baseUrl, attempt % 2 === 1 ? forced : plain);
      return;
    } catch (error) {
      if (attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** One statement on the maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
