'use client';

import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import type { FormAction } from '@/lib/actions/result';
import { ControlMessage } from './control-message';
import type { ManagedUser } from './types';
import { plural } from '@/lib/format';

/** "Sign out everywhere": ends every session of the user at once (a lost laptop, a copied cookie). */
export function SignOutUserForm({ signOutUser, user, liveSessions }: { signOutUser: FormAction; user: ManagedUser; liveSessions: number }) {
  const [state, action, pending] = useFormAction(signOutUser);
  const messageId = `sign-out-message-${user.id}`;
  return (
    <form action={action} data-testid="sign-out-user-form">
      <input type="hidden" name="id" value={user.id} />
      <button
        type="submit"
        className={secondaryButton}
        aria-label={`Sign out everywhere: ${user.email}`} // starts with the visible text (WCAG 2.5.3)
        aria-describedby={state ? messageId : undefined}
        disabled={pending}
      >
        {pending ? 'Signing out…' : 'Sign out everywhere'}
      </button>
      <p className="mt-1 text-xs text-zinc-500" data-testid="live-sessions">
        {plural(liveSessions, 'active session')}
      </p>
      <ControlMessage id={messageId} state={state} />
    </form>
  );
}
