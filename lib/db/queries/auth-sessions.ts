import 'server-only';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { authSessions, users, type UserRow } from '../schema';

/** Signed-in sessions (`auth_sessions`), by the key lib/auth/sessions.ts derives from the cookie's token. */

export async function insertAuthSession(db: Database, session: { id: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insert(authSessions).values(session);
}

/** Deletes the sessions that expired before `now`. */
export async function deleteExpiredAuthSessions(db: Database, now: Date): Promise<void> {
  await db.delete(authSessions).where(lt(authSessions.expiresAt, now));
}

/** The user of a session that is live at `now`, if that user is enabled. */
export async function getLiveSessionUser(db: Database, id: string, now: Date): Promise<UserRow | null> {
  const [row] = await db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, id), gt(authSessions.expiresAt, now), eq(users.disabled, false)));
  return row?.user ?? null;
}

export async function deleteAuthSession(db: Database, id: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, id));
}

/** Deletes every session of a user; returns when each deleted one would have expired. */
export async function deleteUserAuthSessions(db: Database, userId: string): Promise<Date[]> {
  const deleted = await db.delete(authSessions).where(eq(authSessions.userId, userId)).returning({ expiresAt: authSessions.expiresAt });
  return deleted.map((row) => row.expiresAt);
}

/** Sessions live at `now`, per user id. */
export async function countLiveAuthSessions(db: Database, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: authSessions.userId, n: sql<number>`count(*)::int` })
    .from(authSessions)
    .where(gt(authSessions.expiresAt, now))
    .groupBy(authSessions.userId);
  return new Map(rows.map((row) => [row.userId, row.n]));
}
