import 'server-only';
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { signInAddresses, signInFailures, users, type UserRow } from '../schema';

/** The rows behind the sign-in limits (lib/auth/sign-in.ts): failed attempts, and the addresses users signed in from. */

/** Failed attempts from this address since `since`. */
export async function countFailuresFromAddress(db: Database, ip: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, ip), gt(signInFailures.at, since)));
  return row?.n ?? 0;
}

/**
 * In a transaction: waits until no other transaction decides a sign-in for this email (across
 * processes sharing a server), until this one ends. `lockClass` keeps the lock apart from others.
 */
export async function lockSignInEmail(tx: Database, lockClass: number, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockClass}, hashtext(${email}))`);
}

/** The user with this email, and whether they signed in from `ip` before (one query whether or not the email has an account). */
export async function getSignInUser(db: Database, email: string, ip: string): Promise<{ user: UserRow; knownAddress: boolean } | null> {
  const [found] = await db
    .select({
      user: users,
      knownAddress: sql<boolean>`exists (select 1 from ${signInAddresses} where ${signInAddresses.userId} = ${users.id} and ${signInAddresses.ip} = ${ip})`,
    })
    .from(users)
    .where(eq(users.email, email));
  return found ? { user: found.user, knownAddress: found.knownAddress === true } : null;
}

/** The counted failures (not those refused while locked) for this email since `since`, newest first. */
export async function listCountedFailures(db: Database, email: string, since: Date): Promise<{ ip: string; at: Date }[]> {
  return db
    .select({ ip: signInFailures.ip, at: signInFailures.at })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), eq(signInFailures.whileLocked, false), gt(signInFailures.at, since)))
    .orderBy(desc(signInFailures.at), desc(signInFailures.id));
}

export async function insertSignInFailure(db: Database, failure: { ip: string; email: string; at: Date; whileLocked: boolean }): Promise<void> {
  await db.insert(signInFailures).values(failure);
}

export async function deleteFailuresBefore(db: Database, before: Date): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, before));
}

/** Forgets the failures for this email (from one address, or from all). */
export async function deleteSignInFailures(db: Database, of: { email: string; ip?: string }): Promise<void> {
  const email = eq(signInFailures.email, of.email);
  await db.delete(signInFailures).where(of.ip === undefined ? email : and(email, eq(signInFailures.ip, of.ip)));
}

/** Shows a lock on the admins' user list; an email without an account updates nothing. */
export async function setLockedUntil(db: Database, email: string, until: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: until }).where(eq(users.email, email));
}

/** Remembers that the user signed in from `ip` at `at`. */
export async function recordSignInAddress(db: Database, userId: string, ip: string, at: Date): Promise<void> {
  await db
    .insert(signInAddresses)
    .values({ userId, ip, lastSignInAt: at })
    .onConflictDoUpdate({ target: [signInAddresses.userId, signInAddresses.ip], set: { lastSignInAt: at } });
}

/** A successful sign-in on the user's row: failures reset, the time kept, and a lock that is over cleared. */
export async function recordSignIn(db: Database, userId: string, at: Date, clearLock: boolean): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ failedSignIns: 0, lastSignInAt: at, ...(clearLock ? { lockedUntil: null } : {}) })
    .where(eq(users.id, userId))
    .returning();
  return row ?? null;
}
