'use client';

import { PermissionNote } from '@/components/auth/permission-note';
import { useActionState, useState } from 'react';
import { fireTriggerAction } from '@/app/sessions/[uid]/actions';
import type { FormState } from '@/lib/actions/run-action';
import { FieldError, FormMessage, inputClass, primaryButton } from './field-error';
import { ReasonField } from './reason-field';
import { JsonEditor } from './json-editor';
import { keepFormOnFailure } from './keep-on-failure';
import { jsonFieldProblem } from '@/lib/validations/json-field';
import { JSON_FIELDS } from '@/lib/validations/recovery';

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
    <form
      action={action}
      onSubmit={(event) => {
        if (problem !== null) event.preventDefault(); // checked in the browser before anything is sent
      }}
      className="space-y-5"
      aria-label="Fire trigger form"
      data-testid="fire-trigger-form"
    >
      <input type="hidden" name="uid" value={uid} />
      <div>
        <label htmlFor="fire-trigger-name" className="text-sm font-medium text-zinc-900">
          Trigger
        </label>
        <input
          id="fire-trigger-name"
          name="trigger"
          list="fire-trigger-suggestions"
          required
          autoComplete="off"
          value={trigger}
          onChange={(event) => setTrigger(event.target.value)}
          aria-invalid={errors.trigger ? true : undefined}
          aria-describedby="fire-trigger-hint"
          disabled={locked}
          className={`mt-1 font-mono ${inputClass}`}
        />
        <datalist id="fire-trigger-suggestions">
          {triggers.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <p id="fire-trigger-hint" className="mt-1 text-xs text-zinc-500">
          {known
            ? 'Suggestions are the triggers the configuration uses (after, unless, andEvery).'
            : 'No task of this session uses this trigger: firing it will record it but start nothing.'}
        </p>
        <FieldError id="fire-trigger-error" messages={errors.trigger} />
      </div>
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
    </form>
  );
}
