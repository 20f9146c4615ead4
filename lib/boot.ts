import { EnvError, getEnv } from '@/lib/env';
import { getAppDatabase } from '@/lib/db/app-database';
import { dbKind, type Database } from '@/lib/db';
import { createDemoUsers, demoUsersPresent, DEMO_USERS } from '@/lib/auth/demo-users';
import { countUsers } from '@/lib/auth/users';
import { seedDemoDataIfEmpty } from '@/lib/demo/seed';
import { getAppEngine, getAppTaskRegistry } from '@/lib/runtime/app-engine';
import { DEFAULT_TASKS_MODULE, TaskModuleError, taskModuleName } from '@/lib/runtime/task-module';
import { recoverNow, startRecoveryLoop } from '@/lib/runtime/app-recovery';

/**
 * Runs once when the Node.js server starts (from `instrumentation.ts`), before it serves requests:
 * validates the environment (an invalid one stops the server with a message naming the variable),
 * loads the task module (TASKS_MODULE; one that cannot be used stops the server, naming it),
 * opens and migrates the database, runs the demo seeding hook, then recovers work a previous
 * process left in flight (interrupted runs, running bulk actions) in the background.
 *
 * A database that cannot be opened does not stop the server: `/api/health` answers 503 and
 * the next request tries again, so the dashboard recovers once PostgreSQL is back. Recovery then
 * runs on that first successful open, and every minute in any case (lib/runtime/app-recovery.ts).
 */
export async function bootServer(): Promise<void> {
  const env = getEnv();
  // Before the database: a task module that cannot be used stops the server (TaskModuleError).
  const registry = await getAppTaskRegistry();
  const ownModule = taskModuleName();
  console.log(`[triggerboard] tasks: ${ownModule ?? `${DEFAULT_TASKS_MODULE} (the demo; set TASKS_MODULE for your own)`}, handlers ${registry.names().join(', ') || '(none)'}`);
  const started = performance.now();
  try {
    const db = await getAppDatabase();
    const engine = await getAppEngine();
    // Seeding first: it runs only on an empty database (nothing to recover), and its engine's
    // runs must not be taken for a dead process's by a recovery running alongside. The demo's
    // sessions need the demo's handlers: with a module of your own, nothing is seeded.
    const { seeded } = ownModule ? { seeded: false } : await seedDemoDataIfEmpty(db);
    if (ownModule) console.log(`[triggerboard] no demo data: it needs the default task module (${DEFAULT_TASKS_MODULE}), and TASKS_MODULE is set`);
    // Demo accounts only for a fresh embedded demo: never beside real accounts made with user:create.
    if (seeded && dbKind(db) === 'pglite' && (await countUsers(db)) === 0) await createDemoUsers(db);
    await announceAccounts(db);
    const where = env.DATABASE_URL ? 'DATABASE_URL' : env.PGLITE_DATA_DIR;
    console.log(
      `[triggerboard] database ready: ${dbKind(db)} (${where}), opened and migrated in ${Math.round(performance.now() - started)} ms; ` +
        `tasks run ${engine.mode === 'inline' ? 'in this process' : 'in worker processes (npm run worker)'}` +
        (seeded ? '; demo data seeded' : ''),
    );
    // Interrupted runs and running bulk actions a previous process left, in the background.
    void recoverNow().catch((error: unknown) => console.error('[triggerboard] recovery at boot failed; retried every minute', error));
  } catch (error) {
    console.error('[triggerboard] database not available at boot; will retry on the next request and every minute.', error);
  } finally {
    startRecoveryLoop();
  }
}

/** Says at start how to sign in: the demo accounts, or how to create the first user. */
async function announceAccounts(db: Database): Promise<void> {
  if (await demoUsersPresent(db)) {
    console.log(
      '[triggerboard] demo accounts (embedded demo database only):\n' +
        DEMO_USERS.map((u) => `    ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`).join('\n'),
    );
  } else if ((await countUsers(db)) === 0) {
    console.log(
      '[triggerboard] no user can sign in yet. Create the first admin with:\n' +
        '    npm run user:create -- --email you@example.com --role admin',
    );
  }
}

/** `bootServer` for `instrumentation.ts`: an invalid environment or task module stops the process. */
export async function bootServerOrExit(): Promise<void> {
  try {
    await bootServer();
  } catch (error) {
    if (!(error instanceof EnvError) && !(error instanceof TaskModuleError)) throw error;
    // Next.js would log a failed register() and keep answering every request with an error;
    // a bad configuration stops the server instead, with a message that says what to set.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
