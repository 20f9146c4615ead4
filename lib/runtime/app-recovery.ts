/**
 * Recovery of the server process, run at boot, again on the first successful open of the
 * database after a failed one (PostgreSQL down at boot, a PGlite folder still held by a dying
 * process), and every minute: interrupted runs (recoverAtBoot) and running bulk actions
 * (resumeBulkOperations, which takes over the items a dead process had claimed). Every step is
 * idempotent and cheap when there is nothing to do, and never touches this process's own work.
 */
import 'server-only';
import { resumeBulkOperations } from '@/lib/bulk';
import { onAppDatabaseOpened } from '@/lib/db/app-database';
import { getAppEngine, recoverAtBoot } from './app-engine';
import type { RecoveryReport } from './recovery';
import { plural } from '@/lib/format';

export const RECOVERY_INTERVAL_MS = 60_000;

export interface RecoveryPass {
  interrupted: RecoveryReport;
  /** Running bulk operations worked on (finished unless another live process holds items). */
  bulkOperations: string[];
}

const holder = globalThis as typeof globalThis & {
  __triggerboardRecovery?: { pass?: Promise<RecoveryPass>; stopLoop?: () => void };
};
const state = (holder.__triggerboardRecovery ??= {});

function logPass(pass: RecoveryPass): void {
  const { redispatched, lost } = pass.interrupted;
  if (redispatched.length + lost.length > 0) {
    console.log(
      `[triggerboard] recovered interrupted work: ${plural(redispatched.length, 'scheduled instance')} dispatched again, ` +
        `${plural(lost.length, 'interrupted run')} marked failed (WorkerLost)`,
    );
  }
  if (pass.bulkOperations.length > 0) console.log(`[triggerboard] resumed ${plural(pass.bulkOperations.length, 'running bulk action')}`);
}

/**
 * One recovery pass (opening the database if needed). A pass already under way is shared, not
 * run twice. Rejects when the database cannot be opened; the next pass tries again.
 */
export function recoverNow(): Promise<RecoveryPass> {
  state.pass ??= (async () => {
    const engine = await getAppEngine();
    const interrupted = await recoverAtBoot(engine);
    const bulkOperations = await resumeBulkOperations(engine);
    const pass = { interrupted, bulkOperations };
    logPass(pass);
    return pass;
  })().finally(() => {
    state.pass = undefined;
  });
  return state.pass;
}

function recoverInBackground(): void {
  recoverNow().catch((error: unknown) => console.error('[triggerboard] recovery pass failed; the next one retries', error));
}

/**
 * Keeps recovering for as long as the process lives: on every successful open of the database
 * and every `intervalMs`. Started once boot is over (the demo seeding runs its own engine, whose
 * runs must not be mistaken for a dead process's). Idempotent; returns the stop function.
 */
export function startRecoveryLoop(intervalMs = RECOVERY_INTERVAL_MS): () => void {
  if (state.stopLoop) return state.stopLoop;
  const timer = setInterval(recoverInBackground, intervalMs);
  timer.unref();
  const unsubscribe = onAppDatabaseOpened(recoverInBackground);
  state.stopLoop = () => {
    clearInterval(timer);
    unsubscribe();
    state.stopLoop = undefined;
  };
  return state.stopLoop;
}
