import 'server-only';
import type { Database } from '@/lib/db';
import { countSessions } from '@/lib/db/queries/sessions';

/**
 * DEMO SEEDING HOOK — called at every boot (from `lib/boot.ts`, via `instrumentation.ts`).
 *
 * When the database has no sessions yet, `seedDemoData` runs so that a fresh
 * `npm install && npm start` shows something to look at. It is empty for now.
 * TODO(lead): create demo sessions, task instances and a few failed instances here,
 * through the engine (`lib/triggers`), not with raw inserts.
 */
export async function seedDemoDataIfEmpty(db: Database): Promise<{ seeded: boolean }> {
  if ((await countSessions(db)) > 0) return { seeded: false };
  return seedDemoData(db);
}

async function seedDemoData(db: Database): Promise<{ seeded: boolean }> {
  void db; // TODO(lead): fill in the demo data.
  return { seeded: false };
}
