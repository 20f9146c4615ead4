'use client';

import { useState } from 'react';
import { TokenSecret } from '@/components/admin/token-secret';
import { primaryButton } from '@/components/ui/button';
import { Field, fieldControl, FormMessage, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/keep-on-failure';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { FormAction } from '@/lib/actions/result';
import type { CreatedApiToken } from '@/lib/tokens/admin';
import { API_SCOPES, SCOPE_DESCRIPTIONS, type ApiScope } from '@/lib/tokens/scopes';
import { TOKEN_NAME_MAX } from '@/lib/validations/tokens';

/**
 * "Create a token": a name and a scope. After a success the secret is shown once, above the
 * cleared form, until "Done" or a reload.
 */
export function CreateTokenForm({ createToken }: { createToken: FormAction<CreatedApiToken> }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiScope>('read');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [state, action, pending] = useFormAction(createToken, (result) => {
    if (result?.ok) {
      setCreated(result.data);
      setName('');
    }
  });
  const errors: Partial<Record<string, string[]>> = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <div className="space-y-5">
      {created ? <TokenSecret name={created.name} scope={created.scope} secret={created.secret} onDone={() => setCreated(null)} /> : null}
      <form action={action} onSubmit={submitWithoutReset(action)} className="space-y-4" aria-label="Create a token" data-testid="create-token-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="new-token-name"
            label="Name"
            hint={`What uses it, such as orders-service (up to ${TOKEN_NAME_MAX} characters, no @). It names the token in this list and in the audit log.`}
            errors={errors.name}
          >
            <input
              {...fieldControl('new-token-name', { hint: true, errors: errors.name })}
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              maxLength={TOKEN_NAME_MAX + 20}
              autoComplete="off"
              disabled={pending}
              className={`mt-1 ${inputClass}`}
            />
          </Field>
          <Field id="new-token-scope" label="Scope" hint={`${scope === 'operate' ? 'An' : 'A'} ${scope} token ${SCOPE_DESCRIPTIONS[scope]}.`} errors={errors.scope}>
            <select
              {...fieldControl('new-token-scope', { hint: true, errors: errors.scope })}
              name="scope"
              value={scope}
              onChange={(event) => setScope(event.target.value as ApiScope)}
              disabled={pending}
              className={`mt-1 ${inputClass}`}
            >
              {API_SCOPES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {/* After a success the secret panel says it; the form speaks only for refusals. */}
        {state && !state.ok ? <FormMessage state={state} /> : null}
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </button>
      </form>
    </div>
  );
}
