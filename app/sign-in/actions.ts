'use server';

import { redirect } from 'next/navigation';
import { PUBLIC, runAction, type ActionResult } from '@/lib/actions/run-action';
import { landingPath, safeNextPath } from '@/lib/auth/next-path';
import { clearSessionCookie, clientAddress, endSession, startSession } from '@/lib/auth/session';
import { signOutEverywhere } from '@/lib/auth/sessions';
import { attemptSignIn } from '@/lib/auth/sign-in';
import type { Role } from '@/lib/auth/roles';
import { signInSchema, signOutSchema } from '@/lib/validations/sign-in';
import { plural } from '@/lib/format';

export type SignInState = { ok: false; message: string; email: string } | null;

// The sign-in form shows one message: the first problem.
const signIn = runAction(
  'signInAction',
  PUBLIC,
  signInSchema,
  async (input, { db }): Promise<ActionResult<{ user: { id: string; role: string }; next?: string }>> => {
    const result = await attemptSignIn(db, { email: input.email, password: input.password, ip: await clientAddress() });
    return result.ok ? { ok: true, message: 'Signed in.', data: { user: result.user, next: input.next } } : { ok: false, message: result.message };
  },
  { invalidMessage: (error) => error.issues[0]?.message ?? 'Enter your email and password.' },
);
const signOutHere = runAction('signOutAction', PUBLIC, signOutSchema, async () => {
  await endSession();
  return { ok: true, message: 'Signed out.', data: undefined };
});
const signOutAll = runAction('signOutEverywhereAction', 'read', signOutSchema, async (_input, { db, actor }) => {
  const { ended } = await signOutEverywhere(db, actor, actor.id);
  return { ok: true, message: `Ended ${plural(ended, 'session')}.`, data: undefined };
});

/** Checks the password (with lockout and rate limit), starts the session, goes where the user was headed. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const result = await signIn(form);
  if (!result.ok) {
    // What was typed stays in the field (a hand-made call may send no FormData).
    const typed = form instanceof FormData ? form.get('email') : null;
    return { ok: false, message: result.message, email: typeof typed === 'string' ? typed : '' };
  }
  await startSession(result.data.user);
  // A safe `next` wins; otherwise operators and admins land on the failed inbox (viewers on Sessions).
  redirect(safeNextPath(result.data.next, landingPath(result.data.user.role as Role)));
}

/** Signs this browser out; its session ends on the server too. */
export async function signOutAction(): Promise<void> {
  await signOutHere(undefined);
  redirect('/sign-in');
}

/** Ends every session of the signed-in user (other browsers, copied cookies) and this one. */
export async function signOutEverywhereAction(): Promise<void> {
  await signOutAll(undefined); // not signed in (any more): nothing to end but this cookie
  await clearSessionCookie();
  redirect('/sign-in?signed-out=everywhere');
}
