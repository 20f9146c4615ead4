'use client';

import { useState } from 'react';
import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import type { FormAction } from '@/lib/actions/result';
import { ControlMessage } from './control-message';
import { rowInputClass, type ManagedUser } from './types';

/** Sets a new password for one user (which signs them out everywhere and lifts a sign-in lock). */
export function ResetPasswordForm({ updateUser, user, minPasswordLength }: { updateUser: FormAction; user: ManagedUser; minPasswordLength: number }) {
  const [password, setPassword] = useState('');
  const [state, action, pending] = useFormAction(updateUser, (result) => {
    if (result?.ok) setPassword('');
  });
  const messageId = `password-message-${user.id}`;
  const hintId = `password-hint-${user.id}`;

  return (
    <form action={action} data-testid="reset-password-form">
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="intent" value="password" />
      <div className="flex items-center gap-2">
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          placeholder={`New password (${minPasswordLength}+ chars)`}
          aria-label={`New password for ${user.email}`}
          aria-invalid={state !== null && !state.ok ? true : undefined}
          aria-describedby={state ? `${hintId} ${messageId}` : hintId}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          disabled={pending}
          className={`w-48 ${rowInputClass}`}
        />
        <button
          type="submit"
          className={secondaryButton}
          aria-label={`Reset password of ${user.email}`}
          disabled={pending || password === ''}
          title={password === '' ? 'Type the new password first' : undefined}
        >
          {pending ? 'Resetting…' : 'Reset password'}
        </button>
      </div>
      <p id={hintId} className="sr-only">
        At least {minPasswordLength} characters. Resetting signs {user.email} out everywhere.
      </p>
      <ControlMessage id={messageId} state={state} />
    </form>
  );
}
