import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  closeDatabase,
  createDatabase,
  DatabaseOpenError,
  dbKind,
  pingDatabase,
  queryRows,
  schema,
} from '@/lib/db';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

const { sessions } = schema;

async function journalLength(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(process.cwd(), 'drizzle/meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

async function appliedMigrations(db: TestDatabase['db']): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

describe(`database (${testDatabaseKind()})`, () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('opens the backend the run asked for', () => {
    expect(testDb.kind).toBe(testDatabaseKind());
    expect(dbKind(testDb.db)).toBe(testDatabaseKind());
  });

  it('applies every migration in drizzle/', async () => {
    expect(await appliedMigrations(testDb.db)).toBe(await journalLength());
  });

  it('creates sessions with the documented defaults', async () => {
    const before = Date.now();
    await testDb.db.insert(sessions).values({ uid: 'session-defaults' });
    const [row] = await testDb.db.select().from(sessions).where(eq(sessions.uid, 'session-defaults'));

    expect(row).toBeDefined();
    expect(row?.metadata).toEqual({});
    expect(row?.failedCount).toBe(0);
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(row?.updatedAt).toBeInstanceOf(Date);
    // timestamptz default now(): within a minute of the test's clock.
    expect(Math.abs((row?.createdAt.getTime() ?? 0) - before)).toBeLessThan(60_000);
  });

  it('round-trips jsonb kwargs and rejects a duplicate uid', async () => {
    const metadata = { order_placed: { orderId: 42, items: ['a', 'b'], nested: { ok: true } } };
    await testDb.db.insert(sessions).values({ uid: 'session-json', metadata });
    const [row] = await testDb.db.select().from(sessions).where(eq(sessions.uid, 'session-json'));
    expect(row?.metadata).toEqual(metadata);

    await expect(testDb.db.insert(sessions).values({ uid: 'session-json' })).rejects.toThrow();
  });

  it('normalises db.execute results to rows on either driver', async () => {
    const rows = await queryRows<{ a: number; b: string }>(testDb.db, sql`select 1 as a, 'x' as b`);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toEqual([{ a: 1, b: 'x' }]);

    const none = await queryRows(testDb.db, sql`select 1 where false`);
    expect(none).toEqual([]);
  });

  it('answers the health ping', async () => {
    const ping = await pingDatabase(testDb.db);
    expect(ping).toMatchObject({ kind: testDatabaseKind(), ok: true });
    expect(ping.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ping.error).toBeUndefined();
  });

  it('gives independent connections that can be closed separately', async () => {
    // On PostgreSQL: a second pool on the same database. On PGlite: another database from the
    // test template (createDatabase on PGlite is covered below, with a data folder).
    const url = testDb.url;
    const other = url ? await createDatabase({ url }) : (await createTestDatabase()).db;
    try {
      expect(dbKind(other)).toBe(testDatabaseKind());
      // Migrating an up-to-date database again changes nothing.
      expect(await appliedMigrations(other)).toBe(await journalLength());
    } finally {
      await closeDatabase(other);
      await closeDatabase(other); // closing twice is harmless
    }
    expect((await pingDatabase(testDb.db)).ok).toBe(true);
    const closedPing = await pingDatabase(other, 1_000);
    expect(closedPing.ok).toBe(false);
    expect(closedPing.error).toBeTruthy();
  });
});

describe('createDatabase', () => {
  // PGlite folders do not depend on the backend under test: checked once, in the PGlite pass.
  if (testDatabaseKind() === 'pglite') it(
    'keeps PGlite data in a folder whose parents it creates, migrating only once',
    async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'triggerboard-db-'));
      const dataDir = path.join(root, 'nested', 'deeper', 'pglite');
      try {
        const first = await createDatabase({ dataDir });
        await first.insert(sessions).values({ uid: 'persisted' });
        await closeDatabase(first);

        const second = await createDatabase({ dataDir });
        try {
          const rows = await second.select({ uid: sessions.uid }).from(sessions);
          expect(rows).toEqual([{ uid: 'persisted' }]);
          expect(await appliedMigrations(second)).toBe(await journalLength());
        } finally {
          await closeDatabase(second);
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  );

  it('fails with a DatabaseOpenError naming the server, without its password', async () => {
    const attempt = createDatabase({ url: 'postgres://someone:s3cret@127.0.0.1:1/nowhere' });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseOpenError);
    await expect(attempt).rejects.toThrow(/127\.0\.0\.1:1\/nowhere/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain('s3cret'));
  });
});

describe('app health', () => {
  // On PostgreSQL the app connects to a fresh test database; on PGlite it opens memory://.
  let testDb: TestDatabase | undefined;

  beforeAll(async () => {
    if (testDatabaseKind() === 'postgres') testDb = await createTestDatabase();
  });
  afterAll(async () => {
    const { closeAppDatabase } = await import('@/lib/db/app-database');
    await closeAppDatabase();
    vi.unstubAllEnvs();
    await testDb?.close();
  });

  it('reports the app database from the environment', async () => {
    vi.stubEnv('DATABASE_URL', testDb?.url ?? '');
    vi.stubEnv('PGLITE_DATA_DIR', 'memory://');
    vi.resetModules();
    const { getHealth } = await import('@/lib/health');

    const health = await getHealth();
    expect(health).toMatchObject({ ok: true, database: { kind: testDatabaseKind(), ok: true } });
    expect(typeof health.database.latencyMs).toBe('number');
  });
});
