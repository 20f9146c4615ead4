/**
 * Checking a sign-in, with brute-force protection:
 *  - per account: 5 wrong passwords in a row lock it for 15 minutes;
 *  - per client address: 20 failures within 15 minutes refuse further attempts from it for a while.
 * An unknown email costs as much time as a wrong password, and gets the same answer.
 */
import 'server-only';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { signInFailures, users, type UserRow } from '@/lib/db/schema';
import { verifyAgainstDummy, verifyPassword } from './password';

export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'rate-limited'; message: string };

const INVALID = 'The email or the password is wrong.';
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

async function recordFailure(db: Database, ip: string, email: string, now: Date): Promise<void> {
  await db.insert(signInFailures).values({ ip, email, at: now });
  // Keep the table small: a day of history is more than the window needs.
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(now.getTime() - 24 * 3_600_000)));
}

export async function attemptSignIn(
  db: Database,
  input: { email: string; password: string; ip: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, input.ip), gt(signInFailures.at, new Date(now.getTime() - IP_WINDOW_MS))));
  if ((recent?.n ?? 0) >= IP_MAX_FAILURES) {
    return {
      ok: false,
      reason: 'rate-limited',
      message: `Too many failed sign-ins from your address: wait ${minutes(IP_WINDOW_MS)} minutes and try again.`,
    };
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) {
    await verifyAgainstDummy(input.password);
    await recordFailure(db, input.ip, email, now);
    return { ok: false, reason: 'invalid', message: INVALID };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return {
      ok: false,
      reason: 'locked',
      message: `Too many wrong passwords: this account is locked for ${minutes(user.lockedUntil.getTime() - now.getTime())} more minute(s).`,
    };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordFailure(db, input.ip, email, now);
    const [after] = await db
      .update(users)
      .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failed: users.failedSignIns });
    if ((after?.failed ?? 0) >= ACCOUNT_MAX_FAILURES) {
      await db
        .update(users)
        .set({ failedSignIns: 0, lockedUntil: new Date(now.getTime() + ACCOUNT_LOCK_MS) })
        .where(eq(users.id, user.id));
      return {
        ok: false,
        reason: 'locked',
        message: `Too many wrong passwords: this account is locked for ${minutes(ACCOUNT_LOCK_MS)} minutes.`,
      };
    }
    return { ok: false, reason: 'invalid', message: INVALID };
  }
  if (user.disabled) return { ok: false, reason: 'disabled', message: 'This account is disabled. Ask an admin to enable it.' };
  const [signedIn] = await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
    .where(eq(users.id, user.id))
    .returning();
  return { ok: true, user: signedIn ?? user };
}
