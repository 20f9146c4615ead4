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
 *
 * Attempts for one email are decided one after another (reading its failures, verifying, and
 * recording the outcome), so parallel guesses cannot all read "4 failures so far" and each get
 * a full check.
 */
import 'server-only';
import type { Database } from '@/lib/db/client';
import { dbKind } from '@/lib/db/client';
import {
  countFailuresFromAddress,
  deleteFailuresBefore,
  deleteSignInFailures,
  getSignInUser,
  insertSignInFailure,
  listCountedFailures,
  lockSignInEmail,
  recordSignIn,
  recordSignInAddress,
  setLockedUntil,
} from '@/lib/db/queries/sign-in';
import type { UserRow } from '@/lib/db/queries/users';
import { dummyPasswordHash, verifyPassword } from './password';
import { plural } from '@/lib/format';

export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'rate-limited'; message: string };

const INVALID = 'The email or the password is wrong.';
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
const lockedMessage = (lock: Lock, now: Date, fresh: boolean) => {
  const left = lock.until.getTime() - now.getTime();
  const duration = fresh ? plural(minutes(left), 'minute') : plural(minutes(left), 'more minute', 'more minutes');
  // Only this address's own failures justify "from your address": a new address refused by the
  // account-wide lock never failed.
  return lock.address
    ? `Too many wrong passwords: this account is locked for ${duration} from your address.`
    : `Too many wrong passwords for this account: sign-in is locked for ${duration} except from addresses it signed in from before.`;
};
const RATE_LIMITED = `Too many failed sign-ins from your address: wait ${minutes(IP_WINDOW_MS)} minutes and try again.`;

/** A lock in force: until when, and whether this address's own failures are (part of) why. */
interface Lock {
  until: Date;
  address: boolean;
}

/**
 * The lock on this email from this address at `now`, or null: each ends when the 5th most recent
 * counted failure leaves the window, for the pair, and — unless the address is one the user
 * signed in from before — for the account. When both are in force, the later end counts.
 */
function lockAt(failures: { ip: string; at: Date }[], ip: string, knownAddress: boolean, now: Date): Lock | null {
  const until = (list: { at: Date }[]) => {
    if (list.length < ACCOUNT_MAX_FAILURES) return null;
    const end = new Date(list[ACCOUNT_MAX_FAILURES - 1]!.at.getTime() + ACCOUNT_LOCK_MS);
    return end > now ? end : null;
  };
  const pair = until(failures.filter((failure) => failure.ip === ip));
  const account = knownAddress ? null : until(failures);
  if (!pair && !account) return null;
  return { until: !pair ? account! : !account || pair > account ? pair : account, address: pair !== null };
}

async function addressLimited(db: Database, ip: string, now: Date): Promise<boolean> {
  return (await countFailuresFromAddress(db, ip, new Date(now.getTime() - IP_WINDOW_MS))) >= IP_MAX_FAILURES;
}

// Any constant: the first key of the two-key advisory lock space, so it meets no other lock.
const SIGN_IN_LOCK_CLASS = 74_130_291;
const queues = new WeakMap<Database, Map<string, Promise<void>>>();

/**
 * Runs `work` when no other attempt for `email` is being decided. In this process a queue per
 * email does it, so waiters hold no database connection (forty parallel guesses must not take
 * the whole pool); across processes sharing a PostgreSQL server, a transaction-scoped advisory
 * lock on the email. PGlite is open in one process only, so the queue is all it needs — and a
 * transaction there would hold the whole embedded database during the argon2 check.
 */
async function oneAtATime<T>(db: Database, email: string, work: (db: Database) => Promise<T>): Promise<T> {
  let byEmail = queues.get(db);
  if (!byEmail) queues.set(db, (byEmail = new Map()));
  const previous = byEmail.get(email) ?? Promise.resolve();
  let release!: () => void;
  const turn = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  byEmail.set(email, turn);
  await previous;
  try {
    if (dbKind(db) === 'pglite') return await work(db);
    return await db.transaction(async (tx) => {
      await lockSignInEmail(tx, SIGN_IN_LOCK_CLASS, email);
      return work(tx);
    });
  } finally {
    release();
    if (byEmail.get(email) === turn) byEmail.delete(email);
  }
}

async function recordFailure(db: Database, failure: { ip: string; email: string; now: Date; whileLocked: boolean }): Promise<void> {
  await insertSignInFailure(db, { ip: failure.ip, email: failure.email, at: failure.now, whileLocked: failure.whileLocked });
  // Keep the table small: a day of history is more than the windows need.
  await deleteFailuresBefore(db, new Date(failure.now.getTime() - 24 * 3_600_000));
}

export async function attemptSignIn(
  db: Database,
  input: { email: string; password: string; ip: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const { ip } = input;
  // Refused cheaply before queueing, and checked again in turn: attempts that waited behind
  // others for this email see the failures those recorded.
  if (await addressLimited(db, ip, now)) return { ok: false, reason: 'rate-limited', message: RATE_LIMITED };
  return oneAtATime(db, email, (scoped) => decide(scoped, { email, password: input.password, ip, now }));
}

async function decide(db: Database, input: { email: string; password: string; ip: string; now: Date }): Promise<SignInResult> {
  const { email, ip, now } = input;
  if (await addressLimited(db, ip, now)) return { ok: false, reason: 'rate-limited', message: RATE_LIMITED };

  // The same queries whether or not the email has an account (an unknown one simply finds nothing).
  const found = await getSignInUser(db, email, ip);
  const user = found?.user ?? null;
  const failures = await listCountedFailures(db, email, new Date(now.getTime() - ACCOUNT_LOCK_MS));
  const knownAddress = found?.knownAddress === true;

  // Exactly one argon2 verification on every path from here: locked or not, known or not.
  const dummy = await dummyPasswordHash(); // awaited on every path, so its one-time cost is no tell either
  const passwordOk = await verifyPassword(user?.passwordHash ?? dummy, input.password);
  const passwordRight = passwordOk && user !== null;

  const locked = lockAt(failures, ip, knownAddress, now);
  if (locked) {
    // Refused unchecked: counts against the address, but does not prolong the lock.
    if (!passwordRight) await recordFailure(db, { ip, email, now, whileLocked: true });
    return { ok: false, reason: 'locked', message: lockedMessage(locked, now, false) };
  }

  if (!passwordRight || !user) {
    await recordFailure(db, { ip, email, now, whileLocked: false });
    const nowLocked = lockAt([{ ip, at: now }, ...failures], ip, knownAddress, now);
    if (nowLocked) {
      // For the admins' user list; an unknown email updates nothing, by the same statement.
      if (!knownAddress) await setLockedUntil(db, email, nowLocked.until);
      return { ok: false, reason: 'locked', message: lockedMessage(nowLocked, now, true) };
    }
    return { ok: false, reason: 'invalid', message: INVALID };
  }

  if (user.disabled) return { ok: false, reason: 'disabled', message: 'This account is disabled. Ask an admin to enable it.' };
  // This address is now one the user signs in from; its own failures are forgiven.
  await deleteSignInFailures(db, { email, ip });
  await recordSignInAddress(db, user.id, ip, now);
  // A lock shown to admins is cleared once it is over (one still running concerns other addresses).
  const signedIn = await recordSignIn(db, user.id, now, user.lockedUntil !== null && user.lockedUntil <= now);
  return { ok: true, user: signedIn ?? user };
}
