'use client';

import { useActionState } from 'react';
import { primaryButton } from '@/components/ui/button';
import { Field, FormMessage, inputClass } from '@/components/ui/field';
import { signInAction, type SignInState } from './actions';

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, null);
  return (
    <form action={action} className="space-y-4" aria-label="Sign in">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field id="sign-in-email" label="Email">
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
      </Field>
      <Field id="sign-in-password" label="Password">
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required className={`mt-1 ${inputClass}`} />
      </Field>
      <FormMessage state={state} />
      <button type="submit" className={`${primaryButton} w-full justify-center`} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
