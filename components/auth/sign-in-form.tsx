'use client';

import { useActionState } from 'react';
import { signInAction, type SignInState } from '@/app/sign-in/actions';
import { inputClass, primaryButton } from '@/components/recovery/field-error';

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, null);
  return (
    <form action={action} className="space-y-4" aria-label="Sign in">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div>
        <label htmlFor="sign-in-email" className="text-sm font-medium text-zinc-900">
          Email
        </label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.email ?? ''}
          className={`mt-1 ${inputClass}`}
          autoFocus
        />
      </div>
      <div>
        <label htmlFor="sign-in-password" className="text-sm font-medium text-zinc-900">
          Password
        </label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required className={`mt-1 ${inputClass}`} />
      </div>
      {state && !state.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className={`${primaryButton} w-full justify-center`} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
