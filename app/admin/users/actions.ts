'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { changeUser, createUserAccount, signOutUser } from '@/lib/auth/user-admin';
import { createUserSchema, signOutUserSchema, userChangeSchema } from '@/lib/validations/users';

// Only async functions may be exported from a 'use server' file (each becomes an endpoint), so
// the wrapped bodies below stay private.

const USERS_PATH = '/admin/users';

const create = runAction('createUserAction', 'admin', createUserSchema, (input, { db, actor }) => createUserAccount(db, actor, input));
const change = runAction('updateUserAction', 'admin', userChangeSchema, (input, { db, actor }) => changeUser(db, actor, input));
const signOut = runAction('signOutUserAction', 'admin', signOutUserSchema, (input, { db, actor }) => signOutUser(db, actor, input), {
  invalidMessage: 'Which user? The form sent no user id. Nothing was changed.',
});

/** Creates a user from the "Create a user" form. */
export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await create(form);
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}

/** One user's role change, disable, enable or password reset, chosen by the form's `intent` field. */
export async function updateUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await change(form);
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}

/** Ends every session of one user, on every device (audited as a user change). */
export async function signOutUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await signOut(form);
  if (result.ok) revalidatePath(USERS_PATH);
  return result;
}
