/**
 * One server starting, for tests/migration-lock.postgres.test.ts: loads the app's modules, prints
 * READY, waits for a line on stdin (so that every child starts migrating at the same moment), then
 * opens the database as a server boots (drizzle migrations, then the job queue's schema).
 */
import { createInterface } from 'node:readline';
import { closeDatabase, createDatabase } from '@/lib/db';
import { ensureQueueSchema } from '@/lib/runtime/queue';

const url = process.argv[2]!;
console.log('READY');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const db = await createDatabase({ url });
await ensureQueueSchema(url);
await closeDatabase(db);
console.log('MIGRATED');
process.exit(0);
