/**
 * What the command-line scripts that open the app's database share: DATABASE_URL or the embedded
 * PGlite folder (refused while another process has it open), and the errors a person running a
 * script can fix, printed without a stack trace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, DatabaseOpenError, type Database } from '@/lib/db';
import { EnvError, getEnv } from '@/lib/env';

/** A problem the person running the command can fix; printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * PGlite does not stop a second process from opening a folder that is in use, and two
 * processes writing one folder corrupt it. An open PGlite keeps `postmaster.pid` in its folder
 * (removed when it closes), so refuse while it is there.
 */
export function ensurePgliteFolderFree(dataDir: string): void {
  if (dataDir.startsWith('memory://')) return;
  const folder = path.resolve(process.cwd(), dataDir);
  if (!existsSync(path.join(folder, 'postmaster.pid'))) return;
  throw new CliError(
    `The embedded database in ${folder} is in use by another process (the dashboard?). ` +
      'PGlite allows one process at a time: stop the dashboard (npm start / npm run dev) first, then run this again. ' +
      `If nothing is running, the last process stopped without closing it: delete ${path.join(folder, 'postmaster.pid')} and retry.`,
  );
}

/** The app's database: DATABASE_URL, else the PGlite folder (checked free first). */
export async function openScriptDatabase(): Promise<Database> {
  const env = getEnv();
  if (env.DATABASE_URL) return createDatabase({ url: env.DATABASE_URL });
  ensurePgliteFolderFree(env.PGLITE_DATA_DIR);
  return createDatabase({ dataDir: env.PGLITE_DATA_DIR });
}

/** The message for a script's failure: the fixable ones plainly, anything else with its stack. */
export function explainScriptError(error: unknown): string {
  if (error instanceof CliError || error instanceof EnvError) return error.message;
  if (error instanceof DatabaseOpenError) {
    const hint = getEnv().DATABASE_URL
      ? 'Check DATABASE_URL and that the PostgreSQL server is up.'
      : 'Check PGLITE_DATA_DIR. If the dashboard runs on this embedded database, stop it first (PGlite allows one process).';
    return `${error.message}\n${hint}`;
  }
  return `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
