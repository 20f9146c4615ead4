'use client';

import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import type { FormAction } from '@/lib/actions/result';
import { ControlMessage } from './control-message';
import type { ManagedUser } from './types';

/**
 * "Disable" (signs the user out and refuses their sign-ins) or "Enable". Disabled, with the
 * reason beside it, on the admin's own row: the server refuses that too. `updateUser` is the
 * page's server action.
 */
export function AccountStatusForm({ updateUser, user, isSelf }: { updateUser: FormAction; user: ManagedUser; isSelf: boolean }) {
  const [state, action, pending] = useFormAction(updateUser);
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
