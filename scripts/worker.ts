/**
 * `npm run worker`: runs task instances from the PostgreSQL job queue until SIGTERM/SIGINT.
 * Start as many as you like, on as many machines as you like: they share the work through the
 * database. Requires DATABASE_URL (a PostgreSQL server; PGlite allows only one process).
 *
 * WORKER_CONCURRENCY (default 4) jobs at once; WORKER_LEASE_SECONDS (default 30) without a
 * heartbeat makes a worker count as lost. WORKER_REGISTRY_MODULE may name a module exporting
 * `createTaskRegistry()` to load instead of lib/tasks (tests use it).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeDatabase, createDatabase } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { jsonLinesLog, startWorker } from '@/lib/runtime/worker';
import { createTaskRegistry } from '@/lib/tasks';
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

async function loadRegistry(): Promise<TaskRegistry> {
  const registryModule = process.env.WORKER_REGISTRY_MODULE;
  if (!registryModule) return createTaskRegistry();
  const loaded = (await import(pathToFileURL(path.resolve(registryModule)).href)) as { createTaskRegistry(): TaskRegistry };
  return loaded.createTaskRegistry();
}

const env = getEnv();
if (!env.DATABASE_URL) {
  console.error('npm run worker needs DATABASE_URL (a PostgreSQL server). In the embedded PGlite mode, npm start runs tasks itself.');
  process.exit(1);
}
const db = await createDatabase({ url: env.DATABASE_URL });
const worker = await startWorker({
  db,
  connectionString: env.DATABASE_URL,
  registry: await loadRegistry(),
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
