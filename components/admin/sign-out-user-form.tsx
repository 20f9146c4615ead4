'use client';

import { useActionState } from 'react';
import { signOutUserAction } from '@/app/admin/users/actions';
import { secondaryButton } from '@/components/recovery/field-error';
import type { FormState } from '@/lib/actions/run-action';
import { ControlMessage } from './control-message';
import type { ManagedUser } from './types';
import { keepFormOnFailure } from '@/components/recovery/keep-on-failure';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const signOutUser = keepFormOnFailure(signOutUserAction);

/** "Sign out everywhere": ends every session of the user at once (a lost laptop, a copied cookie). */
export function SignOutUserForm({ user, liveSessions }: { user: ManagedUser; liveSessions: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signOutUser, null);
  const messageId = `sign-out-message-${user.id}`;
  return (
    <form action={action} data-testid="sign-out-user-form">
      <input type="hidden" name="id" value={user.id} />
      <button
        type="submit"
        className={secondaryButton}
        aria-label={`Sign out ${user.email} everywhere`}
        aria-describedby={state ? messageId : undefined}
        disabled={pending}
      >
        {pending ? 'Signing out…' : 'Sign out everywhere'}
      </button>
      <p className="mt-1 text-xs text-zinc-500" data-testid="live-sessions">
        {liveSessions === 1 ? '1 active session' : `${liveSessions} active sessions`}
      </p>
      <ControlMessage id={messageId} state={state} />
    </form>
  );
}
