/**
 * Every user-facing npm script the README offers, run as a user runs it (`npm run <script>`) in a
 * smoke form, so that none can break unseen: the benchmark at a tiny scale, journal retention
 * (dry run, then for real), the example, user:create's entry point, token:create (its token
 * authenticates), the worker (start, then SIGTERM: npm-worker.postgres.test.ts), the CLI (`tb`:
 * help and a read) and db:generate as a check that the schema and the migrations agree.
 * Scripts that need the production build (`npm start`, `bench:pages`) are smoke-tested by
 * `npm test` after its build (scripts/test.mjs).
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/lib/db';
import { apiTokens, auditEvents } from '@/lib/db/schema';
import { getTimeline } from '@/lib/journal';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { authenticateApiToken } from '@/lib/tokens';
import { npmRun, stopAllScripts } from './support/npm-run';
import { recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Generous: on a busy 2-core machine (vitest runs files side by side) the bench alone took 43 s.
const TIMEOUT = 180_000;


let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'triggerboard-npm-scripts-'));
});
afterAll(async () => {
  stopAllScripts();
  await rm(tmp, { recursive: true, force: true });
});

describe('npm scripts, as the README offers them', () => {
  it('npm run bench runs end to end at a tiny scale on the embedded database', async () => {
    const run = await npmRun('bench', [], { BENCH_SESSIONS: '20', BENCH_LARGE: '100', BENCH_ROUNDS: '5', JOURNAL_EVENTS: '1000' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Triggerboard benchmark on pglite: 20 sessions');
    expect(run.stdout).toMatch(/ratio large\/small: \d+\.\d+/);
    expect(run.stdout).toMatch(/failed inbox, grouped counts\s+\d+\.\d+ ms/);
    expect(run.stdout).toMatch(/worst p95: \d+\.\d+ ms/);
    // The search figure: every kind of query found something (the bench throws otherwise).
    for (const label of ['rare term', 'common term', 'email', 'name', 'uid prefix']) expect(run.stdout).toMatch(new RegExp(`  ${label}.*\\d+\\.\\d+ ms`));
    expect(run.stdout).toMatch(/all search queries: p50 \d+\.\d+ ms, p95 \d+\.\d+ ms/);
    expect(run.stdout).toMatch(/snapshot at a random event \(from a checkpoint\)\s+\d+\.\d+ ms/);
  }, TIMEOUT);

  it('npm run journal:prune counts with --dry-run, then prunes a resolved session down to its checkpoint', async () => {
    // The script opens the database itself: a PGlite folder (closed first: one process per
    // folder), or this run's PostgreSQL test database.
    const target = await scriptDatabase('prune');
    try {
      let db = await target.open();
      const engine = createEngineRuntime(db, 'inline', { registry: recoveryRegistry() });
      const manager = engine.managerFor('prune-me');
      await manager.updateConfiguration({ t_echo: { after: ['go'], run: 'echo' } });
      await manager.fire('go', { page: 1 });
      await engine.inline.drain();
      await target.release(db);

      // A bad option is refused before the database is opened: checked alongside.
      const [dry, bad] = await Promise.all([
        npmRun('journal:prune', ['--dry-run', '--days', '0'], target.env),
        npmRun('journal:prune', ['--days', 'soon'], target.env),
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--days (or JOURNAL_RETENTION_DAYS) must be a number of days >= 0.');
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/Would prune the journals of 1 session\(s\) resolved more than 0 days ago \(at most \d+ events\)\./);

      const prune = await npmRun('journal:prune', ['--days', '0'], target.env);
      expect(prune.stderr).toBe('');
      expect(prune.code).toBe(0);
      expect(prune.stdout).toMatch(/Pruned [1-9]\d* event\(s\) from 1 session\(s\) resolved more than 0 days ago/);

      db = await target.open();
      const timeline = await getTimeline(db, 'prune-me');
      expect(timeline?.events).toEqual([]);
      expect(timeline?.prunedBefore).toBeGreaterThan(1);
      await target.release(db);
    } finally {
      await target.close();
    }
  }, TIMEOUT);

  it('npm run example walks through a failure, a replay and a skip', async () => {
    const run = await npmRun('example');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('t_importSubject#0 failed');
    expect(run.stdout).toContain('replayed t_importSubject#0 as t_importSubject#1');
    expect(run.stdout).toMatch(/skipped t_scoreSubject#0[^\n]*\n[^\n]*t_notify#0=finished/);
  }, TIMEOUT);

  it('npm run user:create answers --help (its create and update paths: tests/user-create-script.test.ts)', async () => {
    const run = await npmRun('user:create', ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run user:create -- --email ada@example.com --role admin');
  }, TIMEOUT);

  it('npm run tb answers help and lists failures as JSON (its commands end to end: tests/cli.test.ts)', async () => {
    const target = await scriptDatabase('tb');
    try {
      const [help, failed] = await Promise.all([npmRun('tb', ['help']), npmRun('tb', ['failed', '--json'], target.env)]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: npm run tb -- <command> [arguments] [--json]');
      expect(failed.stderr).toBe('');
      expect(failed.code).toBe(0);
      expect(JSON.parse(failed.stdout)).toMatchObject({ ok: true, command: 'failed', total: 0, instances: [] });
    } finally {
      await target.close();
    }
  }, TIMEOUT);

  it('npm run token:create prints a token that authenticates on its last line, audited as the CLI; bad or taken names exit 1', async () => {
    const target = await scriptDatabase('token-create');
    try {
      const [missing, bad] = await Promise.all([
        npmRun('token:create', ['--name', 'ci'], target.env),
        npmRun('token:create', ['--name', 'x'.repeat(81), '--scope', 'admin'], target.env),
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('--scope is required: one of read, operate.');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--name: Keep the name to 80 characters or fewer.\n--scope: The scope must be one of read, operate.');

      const run = await npmRun('token:create', ['--name', 'deploy-bot', '--scope', 'operate'], target.env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      const secret = lines.at(-1)!;
      expect(secret).toMatch(/^tb_[A-Za-z0-9_-]{43}$/);
      expect(lines.slice(0, -1).join('\n')).toContain('Created the operate token "deploy-bot"');

      const taken = await npmRun('token:create', ['--name', 'deploy-bot', '--scope', 'read'], target.env);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('A live token is already named "deploy-bot"');
      expect(taken.stderr).not.toMatch(/\n\s+at /);

      const db = await target.open();
      try {
        const auth = await authenticateApiToken(db, `Bearer ${secret}`);
        expect(auth).toMatchObject({ ok: true, principal: { name: 'deploy-bot', scope: 'operate' } });
        const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, 'token-create'));
        expect(audit).toHaveLength(1);
        // Named as npm run tb names its person at the terminal (lib/cli/actor.ts); the token's "created by" too.
        const cli = `cli:${os.userInfo().username}@${os.hostname()}`;
        expect(audit[0]).toMatchObject({ actorKind: 'cli', actorEmail: cli, actorName: `npm run token:create (${os.userInfo().username})`, input: { name: 'deploy-bot', scope: 'operate' } });
        expect((await db.select().from(apiTokens)).map((row) => row.createdBy)).toEqual([cli]);
        expect(JSON.stringify(audit[0])).not.toContain(secret);
      } finally {
        await target.release(db);
      }
    } finally {
      await target.close();
    }
  }, TIMEOUT);

  it('npm run db:generate finds the schema and the migrations in agreement (nothing to generate)', async () => {
    // Into a copy of drizzle/, so that a drift fails here instead of writing a migration.
    const copy = path.join(tmp, 'db-generate');
    await cp(path.join(ROOT, 'drizzle'), path.join(copy, 'drizzle'), { recursive: true });
    const before = await readdir(path.join(copy, 'drizzle'));
    const config = path.join(copy, 'drizzle.config.mjs');
    // drizzle-kit reads `out` relative to the working directory (an absolute path breaks it).
    const out = path.relative(ROOT, path.join(copy, 'drizzle'));
    await writeFile(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema: './lib/db/schema/index.ts', out, strict: true })};\n`);
    const run = await npmRun('db:generate', [`--config=${config}`]);
    // drizzle-kit exits 0 even on errors: the output is what says it agreed.
    expect(run.stdout + run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No schema changes, nothing to migrate');
    expect(await readdir(path.join(copy, 'drizzle'))).toEqual(before);
  }, TIMEOUT);

  it('npm run worker without DATABASE_URL says what to set, with exit code 1', async () => {
    const run = await npmRun('worker');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npm run worker needs DATABASE_URL (a PostgreSQL server)');
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, TIMEOUT);
  it('npm run worker with a TASKS_MODULE it cannot use stops with a message naming the module and what is missing', async () => {
    // The module is loaded before the database is opened: no server is needed to refuse it.
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const missing = await npmRun('worker', [], { ...env, TASKS_MODULE: 'examples/tasks/nope.ts' });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`TASKS_MODULE=examples/tasks/nope.ts: cannot find the module: ${path.join(ROOT, 'examples/tasks/nope.ts')} does not exist.`);
    const noExport = await npmRun('worker', [], { ...env, TASKS_MODULE: 'examples/tasks/schemas.ts' });
    expect(noExport.code).toBe(1);
    expect(noExport.stderr).toContain('TASKS_MODULE=examples/tasks/schemas.ts: the module does not export a function createTaskRegistry() (it exports ');
    const badName = await npmRun('worker', [], { ...env, TASKS_MODULE: 'examples/tasks.py' });
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('TASKS_MODULE must name a task module exporting createTaskRegistry()');
    for (const run of [missing, noExport, badName]) expect(run.stderr).not.toMatch(/\n\s+at /);
  }, TIMEOUT);
});

interface ScriptDatabase {
  /** What the script needs to open it. */
  env: Record<string, string>;
  open(): Promise<Database>;
  /** Lets the script open it (closes a PGlite folder; keeps a server connection). */
  release(db: Database): Promise<void>;
  close(): Promise<void>;
}

/** A database a script process can open: a PGlite folder, or a fresh PostgreSQL test database. */
async function scriptDatabase(name: string): Promise<ScriptDatabase> {
  if (testDatabaseKind() === 'postgres') {
    const testDb: TestDatabase = await createTestDatabase();
    return { env: { DATABASE_URL: testDb.url! }, open: async () => testDb.db, release: async () => {}, close: () => testDb.close() };
  }
  const dataDir = path.join(tmp, name, 'pglite');
  return {
    env: { PGLITE_DATA_DIR: dataDir },
    open: () => createDatabase({ dataDir }),
    release: (db) => closeDatabase(db),
    close: async () => {},
  };
}
