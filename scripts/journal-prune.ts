/**
 * `npm run journal:prune -- [--days N] [--dry-run]`: retention for session journals. Sessions
 * with no unresolved task and no activity for more than N days (default JOURNAL_RETENTION_DAYS,
 * else 90) keep one final checkpoint (their state after the last event) and lose their events.
 * Run it from cron; it is safe to run while the dashboard and workers run (on a PostgreSQL
 * server; an embedded PGlite database must not be open elsewhere).
 */
import { closeDatabase, createDatabase } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { prunableJournals, pruneJournals } from '@/lib/journal';

function parseArgs(argv: string[]): { days: number; dryRun: boolean } {
  let days = Number(process.env.JOURNAL_RETENTION_DAYS ?? 90);
  let dryRun = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--days') days = Number(argv[++i]);
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--help') {
      console.log('Usage: npm run journal:prune -- [--days N] [--dry-run]');
      process.exit(0);
    } else {
      console.error(`Unknown option ${arg}. Usage: npm run journal:prune -- [--days N] [--dry-run]`);
      process.exit(1);
    }
  }
  if (!Number.isFinite(days) || days < 0) {
    console.error('--days (or JOURNAL_RETENTION_DAYS) must be a number of days >= 0.');
    process.exit(1);
  }
  return { days, dryRun };
}

async function main(): Promise<void> {
  const { days, dryRun } = parseArgs(process.argv.slice(2));
  const env = getEnv();
  const db = await createDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR });
  try {
    if (dryRun) {
      const row = await prunableJournals(db, { days });
      console.log(`Would prune the journals of ${row.sessions} session(s) resolved more than ${days} days ago (at most ${row.events} events).`);
      return;
    }
    let total = { sessions: 0, events: 0 };
    for (;;) {
      const batch = await pruneJournals(db, { days, limit: 200 });
      total = { sessions: total.sessions + batch.sessions.length, events: total.events + batch.events };
      if (batch.sessions.length < 200) break;
    }
    console.log(`Pruned ${total.events} event(s) from ${total.sessions} session(s) resolved more than ${days} days ago; each keeps a final checkpoint.`);
  } finally {
    await closeDatabase(db);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
