import { sql } from 'drizzle-orm';
import { dbKind, queryRows, type Database, type DatabaseKind } from './client';

export interface DatabasePing {
  kind: DatabaseKind;
  ok: boolean;
  /** Round trip of `select 1`, in milliseconds (up to the timeout when it failed). */
  latencyMs: number;
  error?: string;
}

/** Runs `select 1`, giving up after `timeoutMs`. Never throws. */
export async function pingDatabase(db: Database, timeoutMs = 2_000): Promise<DatabasePing> {
  const kind = dbKind(db);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const rows = await Promise.race([queryRows<{ ok: number }>(db, sql`select 1 as ok`), timeout]);
    const ok = Number(rows[0]?.ok) === 1;
    return { kind, ok, latencyMs: elapsed(started), ...(ok ? {} : { error: 'unexpected answer to select 1' }) };
  } catch (error) {
    return { kind, ok: false, latencyMs: elapsed(started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
