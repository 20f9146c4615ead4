'use client';

import { useActionState } from 'react';
import { updateUserAction } from '@/app/admin/users/actions';
import { secondaryButton } from '@/components/recovery/field-error';
import type { FormState } from '@/lib/actions/run-action';
import { ControlMessage } from './control-message';
import type { ManagedUser } from './types';
import { keepFormOnFailure } from '@/components/recovery/keep-on-failure';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const updateUser = keepFormOnFailure(updateUserAction);

/**
 * "Disable" (signs the user out and refuses their sign-ins) or "Enable". Disabled, with the
 * reason beside it, on the admin's own row: the server refuses that too.
 */
export function AccountStatusForm({ user, isSelf }: { user: ManagedUser; isSelf: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateUser, null);
  const verb = user.disabled ? 'Enable' : 'Disable';
  const reasonId = `status-reason-${user.id}`;
  const messageId = `status-message-${user.id}`;
  const selfDisable = isSelf && !user.disabled;

  return (
    <form action={action} data-testid="account-status-form">
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="intent" value={user.disabled ? 'enable' : 'disable'} />
      <button
        type="submit"
        className={secondaryButton}
        aria-label={`${verb} ${user.email}`}
        aria-describedby={[selfDisable ? reasonId : '', state ? messageId : ''].filter(Boolean).join(' ') || undefined}
        disabled={pending || selfDisable}
      >
        {pending ? `${verb === 'Enable' ? 'Enabling' : 'Disabling'}…` : verb}
      </button>
      {selfDisable ? (
        <p id={reasonId} className="mt-1 text-xs text-zinc-500">
          You cannot disable your own account.
        </p>
      ) : null}
      <ControlMessage id={messageId} state={state} />
    </form>
  );
}
