'use client';

import { useActionState, useState } from 'react';
import { updateUserAction } from '@/app/admin/users/actions';
import { secondaryButton } from '@/components/recovery/field-error';
import type { FormState } from '@/lib/actions/run-action';
import { ControlMessage } from './control-message';
import { rowInputClass, type ManagedUser } from './types';
import { keepFormOnFailure } from '@/components/recovery/keep-on-failure';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const updateUser = keepFormOnFailure(updateUserAction);

/** Sets a new password for one user (which signs them out everywhere and lifts a sign-in lock). */
export function ResetPasswordForm({ user, minPasswordLength }: { user: ManagedUser; minPasswordLength: number }) {
  const [password, setPassword] = useState('');
  const [state, action, pending] = useActionState<FormState, FormData>(async (previous, form) => {
    const result = await updateUser(previous, form);
    if (result?.ok) setPassword('');
    return result;
  }, null);
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
