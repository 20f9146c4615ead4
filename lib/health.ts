import 'server-only';
import { pingDatabase, type DatabaseKind } from '@/lib/db';
import { appDatabaseKind, getAppDatabase } from '@/lib/db/app-database';

export interface HealthReport {
  ok: boolean;
  database: { kind: DatabaseKind; ok: boolean; latencyMs: number; error?: string };
}

/** Whether the app can answer: today, whether its database answers `select 1`. Never throws. */
export async function getHealth(): Promise<HealthReport> {
  const started = performance.now();
  try {
    const db = await getAppDatabase();
    const database = await pingDatabase(db);
    return { ok: database.ok, database };
  } catch (error) {
    return {
      ok: false,
      database: {
        kind: safeKind(),
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

function safeKind(): DatabaseKind {
  try {
    return appDatabaseKind();
  } catch {
    return process.env.DATABASE_URL ? 'postgres' : 'pglite';
  }
}
