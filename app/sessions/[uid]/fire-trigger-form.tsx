'use client';

import { useActionState, useState } from 'react';
import { PermissionNote } from '@/components/auth/permission-note';
import { JsonEditor } from '@/components/recovery/json-editor';
import { ReasonField } from '@/components/recovery/reason-field';
import { primaryButton } from '@/components/ui/button';
import { Field, fieldControl, FormMessage, inputClass } from '@/components/ui/field';
import { GuardedForm } from '@/components/ui/guarded-form';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { jsonFieldProblem } from '@/lib/validations/json-field';
import { JSON_FIELDS } from '@/lib/validations/recovery';
import { fireTriggerAction } from './actions';

const fireTrigger = keepFormOnFailure(fireTriggerAction);

/** Fires a trigger into the session by hand, as the application would. */
export function FireTriggerForm({ uid, triggers, disabledReason }: { uid: string; triggers: string[]; disabledReason?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(fireTrigger, null);
  const locked = pending || Boolean(disabledReason);
  const [trigger, setTrigger] = useState('');
  const [kwargs, setKwargs] = useState('{}');
  const [reason, setReason] = useState('');
  const problem = jsonFieldProblem(kwargs.trim() === '' ? '{}' : kwargs, JSON_FIELDS.triggerKwargs);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const known = trigger.trim() === '' || triggers.includes(trigger.trim());

  return (
    // Checked in the browser before anything is sent.
    <GuardedForm action={action} send={() => problem === null} label="Fire trigger form" testId="fire-trigger-form">
      <input type="hidden" name="uid" value={uid} />
      <Field
        id="fire-trigger-name"
        label="Trigger"
        errors={errors.trigger}
        hint={
          known
            ? 'Suggestions are the triggers the configuration uses (after, unless, andEvery).'
            : 'No task of this session uses this trigger: firing it will record it but start nothing.'
        }
      >
        <input
          {...fieldControl('fire-trigger-name', { hint: true, errors: errors.trigger })}
          name="trigger"
          list="fire-trigger-suggestions"
          required
          autoComplete="off"
          value={trigger}
          onChange={(event) => setTrigger(event.target.value)}
          disabled={locked}
          className={`mt-1 font-mono ${inputClass}`}
        />
        <datalist id="fire-trigger-suggestions">
          {triggers.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </Field>
      <JsonEditor
        id="fire-kwargs"
        name="kwargs"
        label="Trigger kwargs"
        hint="What the trigger brings, as a JSON object (the tasks it starts receive it under the trigger's name)."
        value={kwargs}
        onChange={setKwargs}
        problem={problem}
        serverErrors={errors.kwargs}
        disabled={locked}
        minHeight="5rem"
      />
      <ReasonField id="fire-reason" value={reason} onChange={setReason} messages={errors.reason} disabled={locked} />
      <PermissionNote reason={disabledReason} />
      <FormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={locked || problem !== null}>
        {pending ? 'Firing…' : 'Fire trigger'}
      </button>
    </GuardedForm>
  );
}
