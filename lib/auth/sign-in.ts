/**
 * Checking a sign-in, with brute-force protection that cannot be turned against the account's
 * owner, and that says nothing about which emails have accounts:
 *
 *  - per address: 20 failures from one address within 15 minutes refuse every sign-in from it
 *    for a while (decided before the email is even read);
 *  - per account and address: 5 failures for one email from one address within 15 minutes lock
 *    that email from that address for 15 minutes, even with the right password;
 *  - per account: 5 failures for one email from all addresses within 15 minutes lock it for
 *    15 minutes from every address except those the user has signed in from before. So an
 *    attacker rotating addresses cannot keep the owner out of the places they work from.
 *
 * Failures are counted by the email that was typed, whether or not an account has it, and every
 * attempt that gets past the address limit runs exactly one argon2 verification (against the
 * user's hash, or a dummy one): a known and an unknown email get the same answers, after the
 * same number of failures, in the same time.
 */
import 'server-only';
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { signInAddresses, signInFailures, users, type UserRow } from '@/lib/db/schema';
import { dummyPasswordHash, verifyPassword } from './password';

export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'rate-limited'; message: string };

const INVALID = 'The email or the password is wrong.';
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
const lockedMessage = (ms: number, fresh: boolean) =>
  fresh
    ? `Too many wrong passwords: this account is locked for ${minutes(ms)} minutes from your address.`
    : `Too many wrong passwords: this account is locked for ${minutes(ms)} more minute(s) from your address.`;

/**
 * When the lock on this email from this address ends, or null: the time the 5th most recent
 * counted failure leaves the window, for the pair, and — unless the address is one the user
 * signed in from before — for the account.
 */
function lockedUntil(failures: { ip: string; at: Date }[], ip: string, knownAddress: boolean): Date | null {
  const until = (list: { at: Date }[]) =>
    list.length >= ACCOUNT_MAX_FAILURES ? new Date(list[ACCOUNT_MAX_FAILURES - 1]!.at.getTime() + ACCOUNT_LOCK_MS) : null;
  const pair = until(failures.filter((failure) => failure.ip === ip));
  const account = knownAddress ? null : until(failures);
  if (!pair) return account;
  if (!account) return pair;
  return pair > account ? pair : account;
}

async function recordFailure(db: Database, failure: { ip: string; email: string; now: Date; whileLocked: boolean }): Promise<void> {
  await db.insert(signInFailures).values({ ip: failure.ip, email: failure.email, at: failure.now, whileLocked: failure.whileLocked });
  // Keep the table small: a day of history is more than the windows need.
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(failure.now.getTime() - 24 * 3_600_000)));
}

export async function attemptSignIn(
  db: Database,
  input: { email: string; password: string; ip: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const { ip } = input;
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, ip), gt(signInFailures.at, new Date(now.getTime() - IP_WINDOW_MS))));
  if ((recent?.n ?? 0) >= IP_MAX_FAILURES) {
    return {
      ok: false,
      reason: 'rate-limited',
      message: `Too many failed sign-ins from your address: wait ${minutes(IP_WINDOW_MS)} minutes and try again.`,
    };
  }

  // The same queries whether or not the email has an account (an unknown one simply finds nothing).
  const [found] = await db
    .select({
      user: users,
      knownAddress: sql<boolean>`exists (select 1 from ${signInAddresses} where ${signInAddresses.userId} = ${users.id} and ${signInAddresses.ip} = ${ip})`,
    })
    .from(users)
    .where(eq(users.email, email));
  const user = found?.user ?? null;
  const failures = await db
    .select({ ip: signInFailures.ip, at: signInFailures.at })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), eq(signInFailures.whileLocked, false), gt(signInFailures.at, new Date(now.getTime() - ACCOUNT_LOCK_MS))))
    .orderBy(desc(signInFailures.at), desc(signInFailures.id));
  const knownAddress = found?.knownAddress === true;

  // Exactly one argon2 verification on every path from here: locked or not, known or not.
  const dummy = await dummyPasswordHash(); // awaited on every path, so its one-time cost is no tell either
  const passwordOk = await verifyPassword(user?.passwordHash ?? dummy, input.password);
  const passwordRight = passwordOk && user !== null;

  const locked = lockedUntil(failures, ip, knownAddress);
  if (locked && locked > now) {
    // Refused unchecked: counts against the address, but does not prolong the lock.
    if (!passwordRight) await recordFailure(db, { ip, email, now, whileLocked: true });
    return { ok: false, reason: 'locked', message: lockedMessage(locked.getTime() - now.getTime(), false) };
  }

  if (!passwordRight || !user) {
    await recordFailure(db, { ip, email, now, whileLocked: false });
    const nowLocked = lockedUntil([{ ip, at: now }, ...failures], ip, knownAddress);
    if (nowLocked && nowLocked > now) {
      // For the admins' user list; an unknown email updates nothing, by the same statement.
      if (!knownAddress) await db.update(users).set({ lockedUntil: nowLocked }).where(eq(users.email, email));
      return { ok: false, reason: 'locked', message: lockedMessage(nowLocked.getTime() - now.getTime(), true) };
    }
    return { ok: false, reason: 'invalid', message: INVALID };
  }

  if (user.disabled) return { ok: false, reason: 'disabled', message: 'This account is disabled. Ask an admin to enable it.' };
  // This address is now one the user signs in from; its own failures are forgiven.
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email), eq(signInFailures.ip, ip)));
  await db
    .insert(signInAddresses)
    .values({ userId: user.id, ip, lastSignInAt: now })
    .onConflictDoUpdate({ target: [signInAddresses.userId, signInAddresses.ip], set: { lastSignInAt: now } });
  const [signedIn] = await db
    .update(users)
    // A lock shown to admins is cleared once it is over (one still running concerns other addresses).
    .set({ failedSignIns: 0, lastSignInAt: now, ...(user.lockedUntil && user.lockedUntil <= now ? { lockedUntil: null } : {}) })
    .where(eq(users.id, user.id))
    .returning();
  return { ok: true, user: signedIn ?? user };
}
