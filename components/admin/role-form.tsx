'use client';

import { useState } from 'react';
import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { FormAction } from '@/lib/actions/result';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/lib/auth/roles';
import { ControlMessage } from './control-message';
import { rowInputClass, type ManagedUser } from './types';

/** A role select and "Change role" for one user. */
export function RoleForm({ updateUser, user }: { updateUser: FormAction; user: ManagedUser }) {
  const [state, action, pending] = useFormAction(updateUser);
  const [role, setRole] = useState<Role>(user.role);
  // Follow the saved role when the page reloads with a new one (changed here or by another admin).
  const [savedRole, setSavedRole] = useState<Role>(user.role);
  if (savedRole !== user.role) {
    setSavedRole(user.role);
    setRole(user.role);
  }
  const messageId = `role-message-${user.id}`;
  const failed = state !== null && !state.ok;

  return (
    <form action={action} onSubmit={submitWithoutReset(action)} className="min-w-0" data-testid="role-form">
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="intent" value="role" />
      <div className="flex items-center gap-2">
        <select
          name="role"
          aria-label={`Role of ${user.email}`}
          aria-invalid={failed ? true : undefined}
          aria-describedby={state ? messageId : undefined}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          disabled={pending}
          className={rowInputClass}
        >
          {ROLES.map((option) => (
            <option key={option} value={option} title={ROLE_DESCRIPTIONS[option]}>
              {option}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className={secondaryButton}
          aria-label={`Change role of ${user.email}`}
          title={role === user.role ? 'Choose another role first' : `${role}: ${ROLE_DESCRIPTIONS[role]}`}
          disabled={pending || role === user.role}
        >
          {pending ? 'Changing…' : 'Change role'}
        </button>
      </div>
      <ControlMessage id={messageId} state={state} />
    </form>
  );
}
