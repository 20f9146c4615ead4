/**
 * `npm run worker`: runs task instances from the PostgreSQL job queue until SIGTERM/SIGINT.
 * Start as many as you like, on as many machines as you like: they share the work through the
 * database. Requires DATABASE_URL (a PostgreSQL server; PGlite allows only one process).
 *
 * WORKER_CONCURRENCY (default 4) jobs at once; WORKER_LEASE_SECONDS (default 30) without a
 * heartbeat makes a worker count as lost. TASKS_MODULE names the task module (default: the
 * demo's lib/tasks), as for `npm start`: one that cannot be used stops the worker, naming it.
 */
import { closeDatabase, createDatabase } from '@/lib/db';
import { EnvError, getEnv } from '@/lib/env';
import { loadTaskRegistry, TaskModuleError } from '@/lib/runtime/task-module';
import { jsonLinesLog, startWorker } from '@/lib/runtime/worker';
import type { TaskRegistry } from '@/lib/triggers';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number >= 1 (got ${JSON.stringify(raw)}).`);
    process.exit(1);
  }
  return value;
}

/** The task module's registry, or the process ends with the loader's message (no stack trace). */
async function loadRegistry(): Promise<TaskRegistry> {
  try {
    return await loadTaskRegistry();
  } catch (error) {
    if (!(error instanceof TaskModuleError) && !(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (!env.DATABASE_URL) {
  console.error('npm run worker needs DATABASE_URL (a PostgreSQL server). In the embedded PGlite mode, npm start runs tasks itself.');
  process.exit(1);
}
// Before the database: a wrong module is a configuration error, like a wrong variable.
const registry = await loadRegistry();
const db = await createDatabase({ url: env.DATABASE_URL });
const worker = await startWorker({
  db,
  connectionString: env.DATABASE_URL,
  registry,
  concurrency: positiveInteger('WORKER_CONCURRENCY', 4),
  leaseSeconds: positiveInteger('WORKER_LEASE_SECONDS', 30),
  log: jsonLinesLog,
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void worker.stop(`received ${signal}`));
}
await worker.done;
await closeDatabase(db);
process.exit(0);
