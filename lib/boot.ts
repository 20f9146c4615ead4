import { EnvError, getEnv } from '@/lib/env';
import { getAppDatabase } from '@/lib/db/app-database';
import { dbKind, type Database } from '@/lib/db';
import { createDemoUsers, demoUsersPresent, DEMO_USERS } from '@/lib/auth/demo-users';
import { countUsers } from '@/lib/auth/users';
import { seedDemoDataIfEmpty } from '@/lib/demo/seed';
import { resumeBulkOperations } from '@/lib/bulk';
import { getAppEngine, recoverAtBoot } from '@/lib/runtime/app-engine';

/**
 * Runs once when the Node.js server starts (from `instrumentation.ts`), before it serves requests:
 * validates the environment (an invalid one stops the server with a message naming the variable),
 * opens and migrates the database, recovers work a previous process left in flight, then runs the
 * demo seeding hook.
 *
 * A database that cannot be opened does not stop the server: `/api/health` answers 503 and
 * the next request tries again, so the dashboard recovers once PostgreSQL is back.
 */
export async function bootServer(): Promise<void> {
  const env = getEnv();
  const started = performance.now();
  try {
    const db = await getAppDatabase();
    const engine = await getAppEngine();
    const recovered = await recoverAtBoot(engine);
    if (recovered.redispatched.length + recovered.lost.length > 0) {
      console.log(
        `[triggerboard] recovered from the previous run: ${recovered.redispatched.length} scheduled instance(s) dispatched again, ` +
          `${recovered.lost.length} interrupted run(s) marked failed (WorkerLost)`,
      );
    }
    // Bulk actions a previous process left running carry on in the background.
    void resumeBulkOperations(engine).then(
      (ids) => ids.length > 0 && console.log(`[triggerboard] resumed ${ids.length} bulk action(s) left running`),
      (error: unknown) => console.error('[triggerboard] could not resume bulk actions', error),
    );
    const { seeded } = await seedDemoDataIfEmpty(db);
    // Demo accounts only for a fresh embedded demo: never beside real accounts made with user:create.
    if (seeded && dbKind(db) === 'pglite' && (await countUsers(db)) === 0) await createDemoUsers(db);
    await announceAccounts(db);
    const where = env.DATABASE_URL ? 'DATABASE_URL' : env.PGLITE_DATA_DIR;
    console.log(
      `[triggerboard] database ready: ${dbKind(db)} (${where}), opened and migrated in ${Math.round(performance.now() - started)} ms; ` +
        `tasks run ${engine.mode === 'inline' ? 'in this process' : 'in worker processes (npm run worker)'}` +
        (seeded ? '; demo data seeded' : ''),
    );
  } catch (error) {
    console.error('[triggerboard] database not available at boot; will retry on the next request.', error);
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

/** `bootServer` for `instrumentation.ts`: an invalid environment stops the process. */
export async function bootServerOrExit(): Promise<void> {
  try {
    await bootServer();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // Next.js would log a failed register() and keep answering every request with an error;
    // a bad configuration stops the server instead, with a message that says what to set.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
