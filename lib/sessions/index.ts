import 'server-only';
import { getAppDatabase } from '@/lib/db/app-database';
import { countSessions, listSessions, type SessionSummary } from '@/lib/db/queries/sessions';

export type { SessionSummary };

/** What the Sessions page shows: the most recently updated sessions and the total. */
export async function getSessionsOverview(limit = 50): Promise<{ sessions: SessionSummary[]; total: number }> {
  const db = await getAppDatabase();
  const [page, total] = await Promise.all([listSessions(db, { limit }), countSessions(db)]);
  return { sessions: page.rows, total };
}
