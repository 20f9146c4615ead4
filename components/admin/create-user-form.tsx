'use client';

import { useActionState, useState } from 'react';
import { createUserAction } from '@/app/admin/users/actions';
import { FieldError, FormMessage, inputClass, primaryButton } from '@/components/recovery/field-error';
import type { FormState } from '@/lib/actions/run-action';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/lib/auth/roles';
import { keepFormOnFailure } from '@/components/recovery/keep-on-failure';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const createUser = keepFormOnFailure(createUserAction);

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

/**
 * "Create a user": email, name, role and a first password. The fields are controlled so that
 * what was typed stays after an error, and are cleared after a success.
 * `minPasswordLength` comes from the server (the password module is server-only).
 */
export function CreateUserForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [values, setValues] = useState(EMPTY);
  const [state, action, pending] = useActionState<FormState, FormData>(async (previous, form) => {
    const result = await createUser(previous, form);
    if (result?.ok) setValues(EMPTY);
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: event.target.value }));

  return (
    <form action={action} className="space-y-4" aria-label="Create a user" data-testid="create-user-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="new-user-email" className="text-sm font-medium text-zinc-900">
            Email
          </label>
          <input
            id="new-user-email"
            name="email"
            type="email"
            required
            autoComplete="off"
            value={values.email}
            onChange={set('email')}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby="new-user-email-hint new-user-email-error"
            disabled={pending}
            className={`mt-1 ${inputClass}`}
          />
          <p id="new-user-email-hint" className="mt-1 text-xs text-zinc-500">
            They sign in with it (stored in lower case).
          </p>
          <FieldError id="new-user-email-error" messages={errors.email} />
        </div>
        <div>
          <label htmlFor="new-user-name" className="text-sm font-medium text-zinc-900">
            Name
          </label>
          <input
            id="new-user-name"
            name="name"
            required
            autoComplete="off"
            value={values.name}
            onChange={set('name')}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby="new-user-name-error"
            disabled={pending}
            className={`mt-1 ${inputClass}`}
          />
          <FieldError id="new-user-name-error" messages={errors.name} />
        </div>
        <div>
          <label htmlFor="new-user-role" className="text-sm font-medium text-zinc-900">
            Role
          </label>
          <select
            id="new-user-role"
            name="role"
            value={values.role}
            onChange={set('role')}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby="new-user-role-hint new-user-role-error"
            disabled={pending}
            className={`mt-1 ${inputClass}`}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <p id="new-user-role-hint" className="mt-1 text-xs text-zinc-500" data-testid="new-user-role-hint">
            {ROLE_DESCRIPTIONS[values.role]}.
          </p>
          <FieldError id="new-user-role-error" messages={errors.role} />
        </div>
        <div>
          <label htmlFor="new-user-password" className="text-sm font-medium text-zinc-900">
            Password
          </label>
          <input
            id="new-user-password"
            name="password"
            type="password"
            required
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby="new-user-password-hint new-user-password-error"
            disabled={pending}
            className={`mt-1 ${inputClass}`}
          />
          <p id="new-user-password-hint" className="mt-1 text-xs text-zinc-500">
            At least {minPasswordLength} characters. Give it to them privately.
          </p>
          <FieldError id="new-user-password-error" messages={errors.password} />
        </div>
      </div>
      <FormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
