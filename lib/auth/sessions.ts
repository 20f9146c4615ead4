/**
 * Signed-in sessions, kept on the server (the `auth_sessions` table). The cookie carries a random
 * token; a request is signed in only while the token's row exists, has not expired, and its user
 * is enabled. So signing out, "sign out everywhere", disabling a user and a password reset end a
 * session at once, even for a copy of the cookie. No Next.js here: lib/auth/session.ts does the
 * cookie.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { insertAuditEvent, type Actor } from '@/lib/audit';
import type { Database } from '@/lib/db/client';
import {
  countLiveAuthSessions,
  deleteAuthSession,
  deleteExpiredAuthSessions,
  deleteUserAuthSessions,
  getLiveSessionUser,
  insertAuthSession,
} from '@/lib/db/queries/auth-sessions';
import { getUserById, type UserRow } from '@/lib/db/queries/users';

/** A signed-in session lasts 12 hours (a working day), then the user signs in again. */
export const SESSION_TTL_MS = 12 * 3_600_000;

/** The row's key: a leaked table (or backup) holds no usable token. */
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Starts a session for this user; returns the token to put in the cookie. */
export async function createSession(db: Database, userId: string, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertAuthSession(db, { id: keyOf(token), userId, createdAt: now, expiresAt });
  // Expired rows are dead already; clear them now and then so the table stays small.
  await deleteExpiredAuthSessions(db, now);
  return { token, expiresAt };
}

/** The user of a live session, or null (no such session, expired, or the user is disabled). */
export async function sessionUser(db: Database, token: string, now: Date = new Date()): Promise<UserRow | null> {
  if (!token) return null;
  return getLiveSessionUser(db, keyOf(token), now);
}

/** Ends one session (sign-out). */
export async function endSessionByToken(db: Database, token: string): Promise<void> {
  await deleteAuthSession(db, keyOf(token));
}

/** Live sessions per user id, for the admins' user list. */
export async function liveSessionCounts(db: Database, now: Date = new Date()): Promise<Map<string, number>> {
  return countLiveAuthSessions(db, now);
}

export class NoSuchUserError extends Error {
  override readonly name = 'NoSuchUserError';
  constructor() {
    super('No such user.');
  }
}

/**
 * Ends every session of a user, on every device, with one audit row (a user change by `actor`:
 * the user themselves, or an admin). Returns how many live sessions it ended.
 */
export async function signOutEverywhere(db: Database, actor: Actor, userId: string, now: Date = new Date()): Promise<{ ended: number; email: string }> {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, userId);
    if (!user) throw new NoSuchUserError();
    const ended = (await deleteUserAuthSessions(tx, userId)).filter((expiresAt) => expiresAt > now).length;
    await insertAuditEvent(
      tx,
      actor,
      { action: 'user-update', input: { userId, email: user.email, sessions: 'ended' } },
      { outcome: 'ok', result: { userId, sessionsEnded: ended } },
    );
    return { ended, email: user.email };
  });
}
