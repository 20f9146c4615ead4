/**
 * What the command-line scripts that open the app's database share: DATABASE_URL or the embedded
 * PGlite folder, opened and locked as the app opens it (lib/db `createDatabase`: a folder another
 * live process has open is refused, a lock left by a stopped one is taken over), and the errors a
 * person running a script can fix, printed without a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { assertPgliteFolderFree, createDatabase, DatabaseInUseError, DatabaseOpenError, type Database } from '@/lib/db';
import { EnvError, getEnv } from '@/lib/env';

/** A problem the person running the command can fix; printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The script's `--options` (no positionals); an unknown or malformed one is a CliError. */
export function parseScriptOptions<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.`);
  }
}

/** A zod error as the script's options: one `--field: message` line per issue. */
export function optionIssues(error: z.ZodError): CliError {
  return new CliError(error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('\n'));
}

function inUseMessage(error: DatabaseInUseError): string {
  return (
    `The embedded database ${error.location} is open in another process (pid ${error.pid}), probably the dashboard (npm start). ` +
    'PGlite allows one process per folder, and a second one could corrupt it: stop the dashboard first, then run this again ' +
    '(or run the dashboard and the scripts on a PostgreSQL server, DATABASE_URL).'
  );
}

/**
 * Refuses early (before asking for input) when the PGlite folder is open in another live
 * process; `openScriptDatabase` checks again as it takes the folder's lock.
 */
export function ensureScriptDatabaseFree(): void {
  const env = getEnv();
  if (env.DATABASE_URL) return;
  try {
    assertPgliteFolderFree(env.PGLITE_DATA_DIR);
  } catch (error) {
    throw error instanceof DatabaseInUseError ? new CliError(inUseMessage(error)) : error;
  }
}

/** The app's database: DATABASE_URL, else the PGlite folder (locked as the app locks it). */
export async function openScriptDatabase(): Promise<Database> {
  const env = getEnv();
  if (env.DATABASE_URL) return createDatabase({ url: env.DATABASE_URL });
  try {
    return await createDatabase({ dataDir: env.PGLITE_DATA_DIR });
  } catch (error) {
    throw error instanceof DatabaseInUseError ? new CliError(inUseMessage(error)) : error;
  }
}

/** The message for a script's failure: the fixable ones plainly, anything else with its stack. */
export function explainScriptError(error: unknown): string {
  if (error instanceof CliError || error instanceof EnvError) return error.message;
  if (error instanceof DatabaseOpenError) {
    const hint = getEnv().DATABASE_URL ? 'Check DATABASE_URL and that the PostgreSQL server is up.' : 'Check PGLITE_DATA_DIR.';
    return `${error.message}\n${hint}`;
  }
  return `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
