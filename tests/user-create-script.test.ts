import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { findUserByEmail } from '@/lib/auth/users';
import { closeDatabase, createDatabase, type Database } from '@/lib/db';
import { auditEvents } from '@/lib/db/schema';

// scripts/user-create.ts as a real process (`npm run user:create` runs the same command) on a
// throwaway PGlite folder. Each run that opens the database costs seconds: hence the timeouts.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT = 60_000;
const PASSWORD = 'correct horse battery';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(args: string[], options: { dataDir: string; stdin?: string }): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: options.dataDir };
  delete env.DATABASE_URL;
  const child = spawn('npx', ['tsx', '--conditions=react-server', '--tsconfig', 'tsconfig.json', 'scripts/user-create.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Opens the folder the script wrote (only after the script exited: PGlite allows one process). */
async function inDatabase<T>(dataDir: string, read: (db: Database) => Promise<T>): Promise<T> {
  const db = await createDatabase({ dataDir });
  try {
    return await read(db);
  } finally {
    await closeDatabase(db);
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'triggerboard-user-create-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('npm run user:create', () => {
  it('prints its usage with --help', async () => {
    const run = await runScript(['--help'], { dataDir: path.join(tmp, 'help') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run user:create -- --email ada@example.com --role admin');
    expect(run.stdout).toContain('--password-stdin');
  }, TIMEOUT);

  it('creates a user from --password-stdin, prints it without the password, and audits it as the cli', async () => {
    const dataDir = path.join(tmp, 'create');
    const run = await runScript(['--email', 'Ada@Example.com', '--role', 'admin', '--name', 'Ada Lovelace', '--password-stdin'], {
      dataDir,
      stdin: `${PASSWORD}\n`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created ada@example.com');
    expect(run.stdout).toMatch(/role:\s+admin/);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);

    await inDatabase(dataDir, async (db) => {
      const user = await findUserByEmail(db, 'ada@example.com');
      expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', role: 'admin', disabled: false });
      expect(await verifyPassword(user!.passwordHash, PASSWORD)).toBe(true);
      const audit = await db.select().from(auditEvents);
      expect(audit).toMatchObject([
        {
          action: 'user-create',
          actorId: null,
          actorKind: 'cli',
          actorEmail: `cli:${os.userInfo().username}@${os.hostname()}`,
          actorName: `npm run user:create (${os.userInfo().username})`,
          outcome: 'ok',
        },
      ]);
    });
  }, TIMEOUT);

  it('refuses a duplicate email, and with --update resets the password and role', async () => {
    const dataDir = path.join(tmp, 'create'); // the user of the previous test
    const duplicate = await runScript(['--email', 'ada@example.com', '--role', 'viewer', '--password-stdin'], { dataDir, stdin: `${PASSWORD}\n` });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A user with the email ada@example.com already exists.');
    expect(duplicate.stderr).toContain('--update');

    // Another admin first: the last admin cannot be demoted.
    const grace = await runScript(['--email', 'grace@example.com', '--role', 'admin', '--password-stdin'], { dataDir, stdin: 'another long password\n' });
    expect(grace.code).toBe(0);
    const update = await runScript(['--update', '--email', 'ada@example.com', '--role', 'operator', '--password-stdin'], {
      dataDir,
      stdin: 'a brand new passphrase\n',
    });
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('Updated ada@example.com');

    await inDatabase(dataDir, async (db) => {
      const ada = await findUserByEmail(db, 'ada@example.com');
      expect(ada).toMatchObject({ role: 'operator', sessionVersion: 2 });
      expect(await verifyPassword(ada!.passwordHash, 'a brand new passphrase')).toBe(true);
      expect(await findUserByEmail(db, 'grace@example.com')).toMatchObject({ name: 'grace', role: 'admin' });
      expect((await db.select().from(auditEvents)).map((row) => row.action).sort()).toEqual(['user-create', 'user-create', 'user-update']);
    });
  }, TIMEOUT);

  it('exits with code 1 and a clear message on a short password or a bad role, before touching the database', async () => {
    const dataDir = path.join(tmp, 'refused');
    // Independent refusals: run them side by side to save time.
    const [short, badRole, noPassword] = await Promise.all([
      runScript(['--email', 'ada@example.com', '--role', 'admin', '--password-stdin'], { dataDir, stdin: 'short\n' }),
      runScript(['--email', 'ada@example.com', '--role', 'superuser', '--password-stdin'], { dataDir, stdin: `${PASSWORD}\n` }),
      runScript(['--email', 'ada@example.com', '--role', 'admin'], { dataDir }), // stdin is a pipe, not a terminal
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('A password needs at least 10 characters.');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role: The role must be one of viewer, operator, admin.');
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('--password-stdin');

    expect(existsSync(dataDir)).toBe(false);
  }, TIMEOUT);

  it('opens a folder a stopped dashboard left behind: its postmaster.pid and a lock of a process that is gone', async () => {
    const dataDir = path.join(tmp, 'create'); // a real database, closed
    await writeFile(path.join(dataDir, 'postmaster.pid'), '-42\n'); // what PGlite leaves when its process is killed
    const gone = spawnSync('true').pid!;
    await writeFile(`${dataDir}.lock`, String(gone));
    const run = await runScript(['--email', 'linus@example.com', '--role', 'viewer', '--password-stdin'], { dataDir, stdin: `${PASSWORD}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(`${dataDir}.lock`)).toBe(false); // taken over, then released
  }, TIMEOUT);

  it('refuses an embedded database another live process has open (its lock, as the app takes it), saying to stop the dashboard', async () => {
    const dataDir = path.join(tmp, 'in-use');
    await mkdir(dataDir, { recursive: true });
    await writeFile(`${dataDir}.lock`, String(process.pid)); // this test's process: alive
    const run = await runScript(['--email', 'ada@example.com', '--role', 'admin', '--password-stdin'], { dataDir, stdin: `${PASSWORD}\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The embedded database ${dataDir} is open in another process (pid ${process.pid})`);
    expect(run.stderr).toContain('stop the dashboard');
    expect(run.stderr).toContain('Nothing was changed.');
  }, TIMEOUT);
});
