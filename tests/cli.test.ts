/**
 * `npm run tb` end to end: scripts/tb.ts as a real process on a PGlite folder (embedded mode: fired
 * work runs in the CLI) or on this run's PostgreSQL test database (queue mode: enqueued for workers).
 * Each spawn costs 1–3 s, so one session set-up serves every command, and the runs that never
 * open the database (usage errors, bad JSON) go side by side.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, queryRows, type Database } from '@/lib/db';
import { auditEvents } from '@/lib/db/schema';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry } from '@/lib/tasks';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT = 240_000;
const kind = testDatabaseKind();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
let env: Record<string, string>;
let testDb: TestDatabase | undefined;

function tb(args: string[], extraEnv: Record<string, string> = env): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_DB', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'NODE_ENV']) {
    if (!(name in extraEnv)) delete childEnv[name];
  }
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['--conditions=react-server', '--tsconfig', 'tsconfig.json', 'scripts/tb.ts', ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs that do not depend on each other: side by side on PostgreSQL, one after another on a PGlite
 * folder (one process at a time).
 */
async function batch<const T extends readonly string[][]>(runs: T): Promise<{ [K in keyof T]: Run }> {
  if (kind === 'postgres') return Promise.all(runs.map((args) => tb(args))) as Promise<{ [K in keyof T]: Run }>;
  const results: Run[] = [];
  for (const args of runs) results.push(await tb(args));
  return results as { [K in keyof T]: Run };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown> & { ok: boolean; code?: string; message?: string };

async function open(): Promise<Database> {
  return testDb ? testDb.db : createDatabase({ dataDir: env.PGLITE_DATA_DIR! });
}
async function release(db: Database): Promise<void> {
  if (!testDb) await closeDatabase(db);
}

const WORKFLOW = {
  t_meta: { after: ['firstPageReceived'], run: 'collectBrowserMetadata' },
  t_after: { after: ['t_meta'], run: 'sendReminder' },
  t_remind: { after: ['reminderDue'], run: 'sendReminder' },
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'triggerboard-cli-'));
  if (kind === 'postgres') {
    testDb = await createTestDatabase();
    env = { DATABASE_URL: testDb.url! };
  } else {
    env = { PGLITE_DATA_DIR: path.join(tmp, 'pglite') };
  }
  const db = await open();
  // Three sessions whose t_meta#0 failed (a user agent that is no browser's), with the app's real tasks.
  const engine = createEngineRuntime(db, 'inline', { registry: createTaskRegistry() });
  for (const uid of ['cli-1', 'cli-2', 'cli-3']) {
    const manager = engine.managerFor(uid);
    await manager.updateConfiguration(WORKFLOW);
    await manager.fire('firstPageReceived', { userAgent: 'curl/8.5' });
  }
  await engine.inline.drain();
  await release(db);
}, TIMEOUT);

afterAll(async () => {
  await testDb?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('npm run tb', () => {
  it('refuses command lines with exit code 2, and bad input with exit code 1 before opening the database', async () => {
    // No database at all: these must not need one.
    const none = { PGLITE_DATA_DIR: path.join(tmp, 'never-opened') };
    const [unknown, missing, noReason, badLimit, resultWithoutCascade, badJson, badFile, helpFire] = await Promise.all([
      tb(['frobnicate'], none),
      tb(['fire', 'cli-1', '--json'], none),
      tb(['replay', 'cli-1', 't_meta#0'], none),
      tb(['failed', '--limit', '0'], none),
      tb(['skip', 'cli-1', 't_meta#0', '--reason', 'because', '--result', '{}'], none),
      tb(['fire', 'cli-1', 'reminderDue', '--kwargs', '{"channel":', '--json'], none),
      tb(['replay', 'cli-1', 't_meta#0', '--reason', 'because', '--kwargs-file', path.join(tmp, 'missing.json')], none),
      tb(['fire', '--help'], none),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate": expected one of fire, replay, skip, snapshot, failed, help.');
    expect(missing.code).toBe(2);
    expect(json(missing.stderr)).toMatchObject({ ok: false, code: 'usage', message: expect.stringContaining('Missing <trigger>.') });
    expect(missing.stdout).toBe('');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason is required');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit must be a whole number from 1 to 200 (got "0").');
    expect(resultWithoutCascade.code).toBe(2);
    expect(resultWithoutCascade.stderr).toContain('--result and --confirm-empty-cascade only go with --cascade.');
    expect(badJson.code).toBe(1);
    const badJsonError = json(badJson.stderr);
    expect(badJsonError).toMatchObject({ ok: false, code: 'validation' });
    expect(badJsonError.message).toMatch(/^Nothing was changed: --kwargs: Trigger kwargs.*line 1, column 12/);
    expect(badFile.code).toBe(1);
    expect(badFile.stderr).toMatch(/Could not read --kwargs-file .*missing\.json: ENOENT.*Nothing was changed\./);
    expect(helpFire.code).toBe(0);
    expect(helpFire.stdout).toContain('Usage: npm run tb -- fire <session-uid> <trigger> [--kwargs JSON | --kwargs-file PATH]');
    expect(helpFire.stderr).toBe('');
    expect(existsSync(none.PGLITE_DATA_DIR)).toBe(false);
  }, TIMEOUT);

  it('fires, replays and skips through the dashboard services, audited as the cli; snapshot and failed read', async () => {
    const inline = kind === 'pglite';
    const ran = inline ? 'finished' : 'scheduled'; // embedded: run in the CLI; PostgreSQL: left for the workers

    const kwargsFile = path.join(tmp, 'kwargs.json');
    await writeFile(kwargsFile, JSON.stringify({ firstPageReceived: { userAgent: 'Mozilla/5.0 Firefox/120.0' } }));
    const [fire, unknownSession, replay, unknownInstance, unconfirmed] = await batch([
      ['fire', 'cli-1', 'reminderDue', '--kwargs', '{"channel":"sms"}', '--json'],
      ['fire', 'no-such-session', 'reminderDue'],
      ['replay', 'cli-1', 't_meta#0', '--reason', 'user agent fixed', '--kwargs-file', kwargsFile],
      ['replay', 'cli-1', 't_meta#9', '--reason', 'typo in the name', '--json'],
      // --anyway: past the result schema ({} lacks browser and mobile), to the confirm step.
      ['skip', 'cli-2', 't_meta#0', '--reason', 'no browser here', '--cascade', '--anyway'],
    ]);
    expect(fire.stderr).toBe('');
    expect(fire.code).toBe(0);
    expect(json(fire.stdout)).toMatchObject({
      ok: true,
      command: 'fire',
      uid: 'cli-1',
      scheduled: ['t_remind#0'],
      execution: inline ? 'inline' : 'queue',
      database: kind,
      actor: expect.stringMatching(/^cli:.+@.+/),
      instances: [{ name: 't_remind#0', status: ran }],
    });

    expect(unknownSession.code).toBe(1);
    expect(unknownSession.stderr).toContain('No session named no-such-session');
    expect(unknownSession.stderr).toContain('Nothing was changed.');

    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Replaying t_meta#0 as t_meta#1.');
    expect(replay.stdout).toContain(
      inline ? 'Ran in this process (embedded database): t_meta#1 finished.' : 'Enqueued for the workers (npm run worker, DATABASE_URL): t_meta#1 scheduled.',
    );

    expect(unknownInstance.code).toBe(1);
    expect(json(unknownInstance.stderr)).toMatchObject({ ok: false, code: 'not-found', message: expect.stringContaining('Nothing was changed') });

    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('Nothing was changed: with cascade, the tasks waiting on t_meta#0 would receive an empty result ({})');
    expect(unconfirmed.stderr).toContain('--confirm-empty-cascade');

    const [skip, snapshot, unknownSnapshot, again] = await batch([
      ['skip', 'cli-2', 't_meta#0', '--reason', 'no browser here', '--cascade', '--result', '{"browser":"none","mobile":false}', '--json'],
      ['snapshot', 'cli-1', '--json'],
      ['snapshot', 'nobody'],
      ['replay', 'cli-1', 't_meta#0', '--reason', 'replay it twice', '--json'],
    ]);
    // The API's problem code for the same refusal (409 conflict).
    expect(again.code).toBe(1);
    expect(json(again.stderr)).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('was already replayed by cli:') });
    expect(skip.stderr).toBe('');
    expect(skip.code).toBe(0);
    expect(json(skip.stdout)).toMatchObject({
      ok: true,
      command: 'skip',
      cascade: { fired: 't_meta', scheduled: ['t_after#0'] },
      instances: [{ name: 't_after#0', status: ran }],
    });

    expect(snapshot.code).toBe(0);
    const repr = json(snapshot.stdout).snapshot as { tasks: Record<string, unknown>; instances: Record<string, { status: string }> };
    expect(Object.keys(repr.tasks).sort()).toEqual(['t_after', 't_meta', 't_remind']);
    expect(repr.instances['t_meta#0']?.status).toBe('replayed');
    expect(repr.instances['t_meta#1']?.status).toBe(ran);
    expect(unknownSnapshot.code).toBe(1);
    expect(unknownSnapshot.stderr).toContain('No session named nobody.');

    // Only cli-3's failure is left; the filters narrow as the inbox's do.
    const [failedTable, failedJson] = await batch([
      ['failed', '--task', 't_meta', '--type', 'ValidationError'],
      ['failed', '--session', 'cli-1', '--contains', 'browser', '--json'],
    ]);
    expect(failedTable.code).toBe(0);
    expect(failedTable.stdout).toMatch(/^FAILED AT\s+SESSION\s+INSTANCE\s+TASK\s+EXCEPTION\s+MESSAGE\n.*cli-3\s+t_meta#0\s+t_meta\s+ValidationError\s+firstPageReceived\.userAgent/);
    expect(failedTable.stdout).toContain('1 shown of 1 matching (1 failed in all).');
    expect(failedJson.code).toBe(0);
    expect(json(failedJson.stdout)).toMatchObject({ ok: true, command: 'failed', total: 0, instances: [], nextCursor: null });
    expect(json(failedJson.stdout)).not.toHaveProperty('rows');

    const db = await open();
    try {
      const rows = await db
        .select({ action: auditEvents.action, outcome: auditEvents.outcome, session: auditEvents.sessionUid, email: auditEvents.actorEmail, name: auditEvents.actorName })
        .from(auditEvents)
        .where(eq(auditEvents.actorKind, 'cli'))
        .orderBy(auditEvents.at);
      expect(rows.map((r) => [r.action, r.outcome, r.session]).sort()).toEqual([
        ['fire-trigger', 'error', 'no-such-session'],
        ['fire-trigger', 'ok', 'cli-1'],
        ['replay', 'error', 'cli-1'],
        ['replay', 'error', 'cli-1'],
        ['replay', 'ok', 'cli-1'],
        ['skip', 'ok', 'cli-2'],
      ]);
      if (!inline) {
        // fire, replay and skip's cascade each left one job for the workers (nobody ran them).
        const [jobs] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from graphile_worker.jobs`);
        expect(jobs?.n).toBe(3);
      }
      expect(rows.every((r) => r.email === `cli:${os.userInfo().username}@${os.hostname()}` && r.name === `npm run tb (${os.userInfo().username})`)).toBe(true);
    } finally {
      await release(db);
    }
  }, TIMEOUT);

  // The embedded folder's one-process rule: checked once, in the PGlite pass.
  if (kind === 'pglite') it('refuses, changing nothing, while another process has the embedded folder open (the dashboard)', async () => {
    const db = await createDatabase({ dataDir: env.PGLITE_DATA_DIR! }); // this test process plays the dashboard
    try {
      const run = await tb(['fire', 'cli-1', 'reminderDue', '--json']);
      expect(run.code).toBe(1);
      const error = json(run.stderr);
      expect(error.code).toBe('database-in-use');
      expect(error.message).toContain(`is open in another process (pid ${process.pid})`);
      expect(error.message).toContain('HTTP API (/api/v1)');
      expect(error.message).toContain('DATABASE_URL');
      expect(error.message).toContain('Nothing was changed.');
    } finally {
      await closeDatabase(db);
    }
  }, TIMEOUT);
});
