/**
 * The Users page's operations on staff accounts, with typed input (parsed at the edge by
 * runAction with lib/validations/users): create a user; change one's role, disable, enable or
 * reset a password; sign one out everywhere. The rules that decide them are pure functions here;
 * the writes and their audit rows are lib/auth/users.ts and lib/auth/sessions.ts.
 */
import 'server-only';
import { z } from 'zod';
import { invalidInput, type ActionResult } from '@/lib/actions/result';
import type { Actor } from '@/lib/audit';
import { getAppDatabase } from '@/lib/db/app-database';
import type { Database } from '@/lib/db/client';
import type { CreateUserInput, SignOutUserInput, UserChange } from '@/lib/validations/users';
import type { Role } from './roles';
import { liveSessionCounts, NoSuchUserError, signOutEverywhere } from './sessions';
import { createUser, getUserById, listUsers, updateUser, UserError, type UserRow, type UserSummary } from './users';
import { plural } from '@/lib/format';

const done = (message: string): ActionResult => ({ ok: true, message, data: undefined });
const NOT_FOUND: ActionResult<never> = { ok: false, code: 'not-found', message: 'This user does not exist (any more): reload the page. Nothing was changed.' };

/**
 * An admin cannot disable their own account: they would be signed out at once with no way back.
 * (The last active admin cannot be demoted or disabled either: updateUser checks that under a lock.)
 */
export function selfDisableRefusal(change: UserChange, actor: Pick<Actor, 'id'>): string | null {
  return change.intent === 'disable' && change.id === actor.id
    ? 'You cannot disable your own account: you would be signed out at once with no way back. Ask another admin. Nothing was changed.'
    : null;
}

/** A repeated click (or a stale page) asks for what is already so: said, and nothing is written. */
export function alreadyDone(change: UserChange, current: Pick<UserRow, 'email' | 'role' | 'disabled'>): string | null {
  if (change.intent === 'role' && change.role === current.role) return `${current.email} already has the role ${current.role}: nothing was changed.`;
  if (change.intent === 'disable' && current.disabled) return `${current.email} was already disabled: nothing was changed.`;
  if (change.intent === 'enable' && !current.disabled) return `${current.email} was already enabled: nothing was changed.`;
  return null;
}

/** The columns a change writes. */
export function fieldsOf(change: UserChange): { role?: Role; disabled?: boolean; password?: string } {
  switch (change.intent) {
    case 'role':
      return { role: change.role };
    case 'disable':
      return { disabled: true };
    case 'enable':
      return { disabled: false };
    case 'password':
      return { password: change.password };
  }
}

/** What the admin is told after a change; about themselves, what it means for them. */
export function changeMessage(change: UserChange, user: { email: string; role: string }, before: Pick<UserRow, 'id' | 'role'>, actor: Pick<Actor, 'id'>): string {
  const self = before.id === actor.id;
  switch (change.intent) {
    case 'role':
      return self
        ? `You are now ${user.role} (was ${before.role})${user.role === 'admin' ? '' : ': you can no longer manage users'}.`
        : `${user.email} is now ${user.role} (was ${before.role}).`;
    case 'disable':
      return `${user.email} is disabled: they were signed out and cannot sign in until enabled again.`;
    case 'enable':
      return `${user.email} is enabled again: they can sign in.`;
    case 'password':
      return self
        ? 'Your password was reset: you are signed out everywhere, this browser too. Sign in with the new password.'
        : `The password of ${user.email} was reset: they were signed out everywhere and sign in with the new one.`;
  }
}

/** A refusal of users.ts as a result for the form (on its field when it names one). */
function refused(error: unknown): ActionResult<never> {
  if (error instanceof z.ZodError) return invalidInput(error);
  if (error instanceof UserError) {
    const message = `${error.message} Nothing was changed.`;
    return error.field
      ? { ok: false, code: 'invalid-input', message, fieldErrors: { [error.field]: [error.message] } }
      : { ok: false, code: 'rejected', message };
  }
  throw error;
}

/** Creates a user from the "Create a user" form. */
export async function createUserAccount(db: Database, actor: Actor, input: CreateUserInput): Promise<ActionResult> {
  try {
    const user = await createUser(db, actor, input);
    return done(`Created ${user.email} (${user.role}): they can sign in now.`);
  } catch (error) {
    return refused(error);
  }
}

/** One user's role change, disable, enable or password reset. */
export async function changeUser(db: Database, actor: Actor, change: UserChange): Promise<ActionResult> {
  const selfDisable = selfDisableRefusal(change, actor);
  if (selfDisable) return { ok: false, code: 'rejected', message: selfDisable };
  const current = await getUserById(db, change.id);
  if (!current) return NOT_FOUND;
  const unchanged = alreadyDone(change, current);
  if (unchanged) return done(unchanged);
  try {
    const user = await updateUser(db, actor, { id: change.id, ...fieldsOf(change) });
    return done(changeMessage(change, user, current, actor));
  } catch (error) {
    return refused(error);
  }
}

/** Ends every session of one user, on every device (audited as a user change). */
export async function signOutUser(db: Database, actor: Actor, { id }: SignOutUserInput): Promise<ActionResult> {
  try {
    const { ended, email } = await signOutEverywhere(db, actor, id);
    const sessions = plural(ended, 'session');
    return done(
      id === actor.id ? `You were signed out everywhere (${sessions}), this browser too. Sign in again.` : `${email} was signed out everywhere (${sessions} ended).`,
    );
  } catch (error) {
    if (error instanceof NoSuchUserError) return NOT_FOUND;
    throw error;
  }
}

/** What the Users page shows: every user, and how many live sessions each has at `now`. */
export async function loadUsersPage(now: Date): Promise<{ users: UserSummary[]; liveSessions: Map<string, number> }> {
  const db = await getAppDatabase();
  const [users, liveSessions] = await Promise.all([listUsers(db), liveSessionCounts(db, now)]);
  return { users, liveSessions };
}
