'use client';

import { useState } from 'react';
import { primaryButton } from '@/components/ui/button';
import { Field, fieldControl, FormMessage, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/keep-on-failure';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/lib/auth/roles';
import { createUserAction } from './actions';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };
type Key = keyof typeof EMPTY;

/**
 * "Create a user": email, name, role and a first password. The fields are controlled so that
 * what was typed stays after an error, and are cleared after a success.
 * `minPasswordLength` comes from the server (the password module is server-only).
 */
export function CreateUserForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [values, setValues] = useState(EMPTY);
  const [state, action, pending] = useFormAction(createUserAction, (result) => {
    if (result?.ok) setValues(EMPTY);
  });
  const errors: Partial<Record<string, string[]>> = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  /** What every control of this form has: its field's ids and errors, its value, the pending lock. */
  const control = (key: Key, hint = false) => ({
    ...fieldControl(`new-user-${key}`, { hint, errors: errors[key] }),
    name: key,
    value: values[key],
    onChange: (event: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: event.target.value })),
    disabled: pending,
    className: `mt-1 ${inputClass}`,
  });

  return (
    <form action={action} onSubmit={submitWithoutReset(action)} className="space-y-4" aria-label="Create a user" data-testid="create-user-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="new-user-email" label="Email" hint="They sign in with it (stored in lower case)." errors={errors.email}>
          <input {...control('email', true)} type="email" required autoComplete="off" />
        </Field>
        <Field id="new-user-name" label="Name" errors={errors.name}>
          <input {...control('name')} required autoComplete="off" />
        </Field>
        <Field id="new-user-role" label="Role" hint={`${ROLE_DESCRIPTIONS[values.role]}.`} errors={errors.role}>
          <select {...control('role', true)}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="new-user-password"
          label="Password"
          hint={`At least ${minPasswordLength} characters. Give it to them privately.`}
          errors={errors.password}
        >
          <input {...control('password', true)} type="password" required autoComplete="new-password" />
        </Field>
      </div>
      <FormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
