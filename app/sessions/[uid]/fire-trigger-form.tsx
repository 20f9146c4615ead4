'use client';

import { useActionState, useEffect, useMemo, useState } from 'react';
import { PermissionNote } from '@/components/auth/permission-note';
import { OverrideField } from '@/components/recovery/override-field';
import { ReasonField } from '@/components/recovery/reason-field';
import { triggerSchema } from '@/components/recovery/trigger-schema';
import { TypedJsonField } from '@/components/recovery/typed-json-field';
import { liveSchemaCheck, useSchemaIssues } from '@/components/recovery/use-schema-issues';
import { primaryButton } from '@/components/ui/button';
import { Field, fieldControl, FormMessage, inputClass } from '@/components/ui/field';
import { GuardedForm } from '@/components/ui/guarded-form';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { jsonFieldProblem } from '@/lib/validations/json-field';
import { JSON_FIELDS } from '@/lib/validations/recovery';
import type { TaskContract, ValidateAgainstSchema } from '@/lib/validations/schema-issues';
import { fireTriggerAction } from './actions';
import { agree } from '@/lib/format';

const fireTrigger = keepFormOnFailure(fireTriggerAction);

/**
 * Fires a trigger into the session by hand, as the application would. When the tasks waiting on
 * the trigger declare kwargs schemas, the kwargs are checked against their parts for it (each
 * issue names its task), with a Form view and "Fire anyway".
 */
export function FireTriggerForm({
  uid,
  triggers,
  disabledReason,
  waitingOn = {},
  contracts = null,
  validateAction = null,
}: {
  uid: string;
  triggers: string[];
  disabledReason?: string;
  /** Trigger name → the tasks of this session that wait on it (their `after`). */
  waitingOn?: Readonly<Record<string, string[]>>;
  /** Task name → its declared shapes; null when unknown. */
  contracts?: Readonly<Record<string, TaskContract>> | null;
  /** The read-only `validateAgainstSchemaAction`; null: no check as one types. */
  validateAction?: ValidateAgainstSchema | null;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(fireTrigger, null);
  const locked = pending || Boolean(disabledReason);
  const [trigger, setTrigger] = useState('');
  const [kwargs, setKwargs] = useState('{}');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const name = trigger.trim();
  const expected = useMemo(() => triggerSchema(name, waitingOn[name] ?? [], contracts), [name, waitingOn, contracts]);
  const validate = useMemo(
    () =>
      validateAction && name !== ''
        ? liveSchemaCheck(validateAction, { uid, trigger: name, kind: 'fire' }, (json) =>
            jsonFieldProblem(json.trim() === '' ? '{}' : json, JSON_FIELDS.triggerKwargs),
          )
        : null,
    [validateAction, uid, name],
  );
  const { issues, onValidate, clear } = useSchemaIssues(validate, state);
  const problem = jsonFieldProblem(kwargs.trim() === '' ? '{}' : kwargs, JSON_FIELDS.triggerKwargs);
  // Another trigger means other tasks and schemas: check the same text again (debounced).
  useEffect(() => {
    if (problem !== null) return;
    const timer = setTimeout(() => (onValidate ? onValidate(kwargs.trim() === '' ? '{}' : kwargs) : clear()), 300);
    return () => clearTimeout(timer);
    // Only the trigger: the editor asks again itself when the text changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);
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
          placeholder={`e.g. ${triggers.includes('firstPageReceived') ? 'firstPageReceived' : (triggers[0] ?? 'firstPageReceived')}`}
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
      <TypedJsonField
        id="fire-kwargs"
        name="kwargs"
        label="Trigger kwargs"
        schema={expected.schema}
        issues={issues}
        onValidate={onValidate}
        hint={
          <>
            What the trigger brings, as a JSON object (the tasks it starts receive it under the trigger&apos;s name).
            {expected.typed.length > 0 ? (
              <span data-testid="fire-kwargs-expected">
                {' '}
                Checked against what {expected.typed.join(', ')} {agree(expected.typed.length, 'declares', 'declare')} for {name}
                {expected.untyped.length > 0 ? `; ${expected.untyped.join(', ')} ${agree(expected.untyped.length, 'declares', 'declare')} nothing` : ''}.
              </span>
            ) : null}
          </>
        }
        value={kwargs}
        onChange={setKwargs}
        problem={problem}
        serverErrors={errors.kwargs}
        disabled={locked}
        minHeight="5rem"
      />
      {expected.schema || issues.length > 0 ? (
        <OverrideField title="Fire anyway" issueCount={issues.length} checked={override} onChange={setOverride} disabled={locked} />
      ) : null}
      <ReasonField id="fire-reason" value={reason} onChange={setReason} messages={errors.reason} disabled={locked} />
      <PermissionNote reason={disabledReason} />
      <FormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={locked || problem !== null}>
        {pending ? 'Firing…' : 'Fire trigger'}
      </button>
    </GuardedForm>
  );
}
