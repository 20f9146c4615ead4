'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { createApiTokenFromForm, revokeApiTokenFromForm, type CreatedApiToken } from '@/lib/tokens/admin';
import { createTokenSchema, revokeTokenSchema } from '@/lib/validations/tokens';

// Only async functions may be exported from a 'use server' file (each becomes an endpoint).

const TOKENS_PATH = '/admin/tokens';

const create = runAction('createApiTokenAction', 'admin', createTokenSchema, (input, { db, actor }) => createApiTokenFromForm(db, actor, input));
const revoke = runAction('revokeApiTokenAction', 'admin', revokeTokenSchema, (input, { db, actor }) => revokeApiTokenFromForm(db, actor, input), {
  invalidMessage: 'Which token? The form sent no token id. Nothing was changed.',
});

/**
 * Creates a token from the "Create a token" form. The secret travels back in this answer only
 * (to the form's state: not the URL, not a cookie, not a log), so a reload forgets it.
 */
export async function createApiTokenAction(_prev: FormState<CreatedApiToken>, form: FormData): Promise<FormState<CreatedApiToken>> {
  const result = await create(form);
  if (result.ok) revalidatePath(TOKENS_PATH);
  return result;
}

/** Revokes one token (after the row's inline confirmation). */
export async function revokeApiTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await revoke(form);
  if (result.ok) revalidatePath(TOKENS_PATH);
  return result;
}
