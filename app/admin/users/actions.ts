'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { NoSuchUserError, signOutEverywhere } from '@/lib/auth/sessions';
import { createUser, getUserById, updateUser, UserError, type UserRow } from '@/lib/auth/users';
import { invalidInput, type ActionResult, type Actor } from '@/lib/recovery';

// Only async functions may be exported from a 'use server' file (each becomes an endpoint), so
// the helpers below stay private.

const USERS_PATH = '/admin/users';

/** What the per-user controls ask for; one action keeps the checks in one place. */
const UPDATE_INTENTS = ['role', 'disable', 'enable', 'password'] as const;
type UpdateIntent = (typeof UPDATE_INTENTS)[number];
const intentSchema = z.enum(UPDATE_INTENTS);

/** A FormData value as text; a missing field becomes '' so the schema says what to enter. */
function text(form: FormData, key: string): string {
  const value = form instanceof FormData ? form.get(key) : null; // a hand-made call can send anything
  return typeof value === 'string' ? value : '';
}

/** Input and refusals become a result for the form; anything else is for runAction to log. */
function failure(error: unknown): ActionResult<never> {
  if (error instanceof z.ZodError) return invalidInput(error);
  if (error instanceof UserError) {
    const message = `${error.message} Nothing was changed.`;
    return error.field
      ? { ok: false, code: 'invalid-input', message, fieldErrors: { [error.field]: [error.message] } }
      : { ok: false, code: 'rejected', message };
  }
  throw error;
}

const done = (message: string): ActionResult => ({ ok: true, message, data: undefined });

/** Creates a user from the "Create a user" form. */
export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('createUserAction', 'admin', async (engine, actor) => {
    try {
      const user = await createUser(engine.db, actor, {
        email: text(form, 'email'),
        name: text(form, 'name'),
        role: text(form, 'role'),
        password: text(form, 'password'),
      });
      return done(`Created ${user.email} (${user.role}): they can sign in now.`);
    } catch (error) {
      return failure(error);
    }
  });
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}

/**
 * One user's role change, disable, enable or password reset, chosen by the form's `intent`
 * field. An admin cannot disable themselves: they would be signed out at once with no way back.
 */
export async function updateUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('updateUserAction', 'admin', async (engine, actor) => {
    const intent = intentSchema.safeParse(text(form, 'intent'));
    if (!intent.success) return { ok: false, code: 'invalid-input', message: `Unknown change: expected one of ${UPDATE_INTENTS.join(', ')}. Nothing was changed.` };
    const id = text(form, 'id').trim();
    if (intent.data === 'disable' && id === actor.id) {
      return { ok: false, code: 'rejected', message: 'You cannot disable your own account: you would be signed out at once with no way back. Ask another admin. Nothing was changed.' };
    }
    const current = await getUserById(engine.db, id);
    if (!current) return { ok: false, code: 'not-found', message: 'This user does not exist (any more): reload the page. Nothing was changed.' };
    // A repeated click (or a stale page) changes nothing and leaves no audit row.
    const unchanged = alreadyDone(intent.data, form, current);
    if (unchanged) return done(unchanged);
    try {
      const user = await updateUser(engine.db, actor, { id, ...changeOf(intent.data, form) });
      return done(successMessage(intent.data, user, current, actor));
    } catch (error) {
      return failure(error);
    }
  });
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}

/** Ends every session of one user, on every device (audited as a user change). */
export async function signOutUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('signOutUserAction', 'admin', async (engine, actor) => {
    const id = text(form, 'id').trim();
    if (!id || id.length > 100) return { ok: false, code: 'invalid-input', message: 'Which user? The form sent no user id. Nothing was changed.' };
    try {
      const { ended, email } = await signOutEverywhere(engine.db, actor, id);
      const sessions = ended === 1 ? '1 session' : `${ended} sessions`;
      return done(
        id === actor.id
          ? `You were signed out everywhere (${sessions}), this browser too. Sign in again.`
          : `${email} was signed out everywhere (${sessions} ended).`,
      );
    } catch (error) {
      if (error instanceof NoSuchUserError) return { ok: false, code: 'not-found', message: 'This user does not exist (any more): reload the page. Nothing was changed.' };
      throw error;
    }
  });
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}

function changeOf(intent: UpdateIntent, form: FormData): { role?: string; disabled?: boolean; password?: string } {
  switch (intent) {
    case 'role':
      return { role: text(form, 'role') };
    case 'disable':
      return { disabled: true };
    case 'enable':
      return { disabled: false };
    case 'password':
      return { password: text(form, 'password') };
  }
}

function alreadyDone(intent: UpdateIntent, form: FormData, current: UserRow): string | null {
  if (intent === 'role' && text(form, 'role') === current.role) return `${current.email} already has the role ${current.role}: nothing was changed.`;
  if (intent === 'disable' && current.disabled) return `${current.email} was already disabled: nothing was changed.`;
  if (intent === 'enable' && !current.disabled) return `${current.email} was already enabled: nothing was changed.`;
  return null;
}

function successMessage(intent: UpdateIntent, user: { email: string; role: string }, before: UserRow, actor: Actor): string {
  const self = before.id === actor.id;
  switch (intent) {
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
