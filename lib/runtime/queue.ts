import { Logger, runMigrations } from 'graphile-worker';

/** Drops graphile-worker's debug and info chatter; warnings and errors still reach stderr. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[queue] ${level}: ${message}`);
});

/**
 * Installs or upgrades graphile-worker's schema (`graphile_worker`) on a PostgreSQL server.
 * Idempotent and safe to run from several processes at once (graphile-worker locks).
 */
export async function ensureQueueSchema(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietLogger });
}
