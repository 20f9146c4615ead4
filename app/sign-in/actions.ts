'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { clearSessionCookie, clientAddress, currentUser, endSession, startSession } from '@/lib/auth/session';
import { signOutEverywhere } from '@/lib/auth/sessions';
import { getAppDatabase } from '@/lib/db/app-database';
import { safeNextPath } from '@/lib/auth/next-path';
import { storableText } from '@/lib/validations/recovery';

export type SignInState = { ok: false; message: string; email: string } | null;

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(254).superRefine(storableText('The email address')),
  password: z.string().min(1, 'Enter your password.').max(1_000),
  next: z.string().max(2_000).optional(),
});

/** Checks the password (with lockout and rate limit), starts the session, goes where the user was headed. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  if (!(form instanceof FormData)) return { ok: false, message: 'Enter your email and password.', email: '' }; // a hand-made call
  const parsed = signInSchema.safeParse(Object.fromEntries(form.entries()));
  const email = String(form.get('email') ?? '');
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Enter your email and password.', email };
  const result = await attemptSignIn(await getAppDatabase(), {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: await clientAddress(),
  });
  if (!result.ok) return { ok: false, message: result.message, email };
  await startSession(result.user);
  redirect(safeNextPath(parsed.data.next));
}

/** Signs this browser out; its session ends on the server too. */
export async function signOutAction(): Promise<void> {
  await endSession();
  redirect('/sign-in');
}

/** Ends every session of the signed-in user (other browsers, copied cookies) and this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const user = await currentUser();
  if (user) await signOutEverywhere(await getAppDatabase(), user, user.id);
  await clearSessionCookie();
  redirect('/sign-in?signed-out=everywhere');
}
