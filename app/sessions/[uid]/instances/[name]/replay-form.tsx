'use client';

import { PermissionNote } from '@/components/auth/permission-note';
import { useActionState, useEffect, useMemo, useRef, useState } from 'react';
import { JsonDiff } from '@/components/recovery/json-diff';
import { OverrideField } from '@/components/recovery/override-field';
import { ReasonField } from '@/components/recovery/reason-field';
import { useRevealRequests } from '@/components/recovery/reveal-event';
import { TypedJsonField } from '@/components/recovery/typed-json-field';
import { liveSchemaCheck, useSchemaIssues } from '@/components/recovery/use-schema-issues';
import { primaryButton } from '@/components/ui/button';
import { Choice, FieldError, FormMessage } from '@/components/ui/field';
import { GuardedForm } from '@/components/ui/guarded-form';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { jsonFieldProblem, MAX_JSON_BYTES, utf8Bytes } from '@/lib/validations/json-field';
import { JSON_FIELDS } from '@/lib/validations/recovery';
import type { JsonSchema, ValidateAgainstSchema } from '@/lib/validations/schema-issues';
import { replayInstanceAction, type ReplayDone } from './actions';

type Mode = 'original' | 'replacement';

const replay = keepFormOnFailure(replayInstanceAction);

/**
 * Replays a failed instance: with its original kwargs, or with replacement kwargs edited from
 * the original (they replace ALL of the clone's trigger kwargs; nothing is merged). When the task
 * declares a kwargs schema, the editor is checked against it as one types (by the server, in its
 * words), offers a Form view, and "Replay anyway" lets an operator send kwargs that fail it.
 */
export function ReplayForm({
  uid,
  instance,
  originalKwargs,
  disabledReason,
  kwargsSchema = null,
  validateAction = null,
  inbox = null,
}: {
  uid: string;
  instance: string;
  originalKwargs: string;
  /** Set when the user's role may not replay: the form stays visible, disabled, and says why. */
  disabledReason?: string;
  /** The task's kwargs schema (TaskContract.kwargs), or null when it declares none. */
  kwargsSchema?: JsonSchema | null;
  /** The read-only `validateAgainstSchemaAction`; null: no check as one types. */
  validateAction?: ValidateAgainstSchema | null;
  /** The failed inbox's filter this page was opened under (kept on the clone's page); null: none. */
  inbox?: string | null;
}) {
  const [state, action, pending] = useActionState<FormState<ReplayDone>, FormData>(replay, null);
  const locked = pending || Boolean(disabledReason);
  const [kwargs, setKwargs] = useState(originalKwargs);
  const [mode, setMode] = useState<Mode>('original');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const validate = useMemo(
    () =>
      validateAction
        ? liveSchemaCheck(validateAction, { uid, instance, kind: 'replay' }, (json) => jsonFieldProblem(json, JSON_FIELDS.replacementKwargs))
        : null,
    [validateAction, uid, instance],
  );
  const { issues, onValidate } = useSchemaIssues(validate, state);
  const reveal = useRevealRequests();
  const edited = kwargs !== originalKwargs;
  // A double click must submit once: the button is disabled while pending, and until React has
  // re-rendered, this flag drops the second submit.
  const submitting = useRef(false);
  useEffect(() => {
    if (!pending) submitting.current = false;
  }, [pending, state]);
  const problem = mode === 'replacement' ? jsonFieldProblem(kwargs, JSON_FIELDS.replacementKwargs) : null;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // A line diff of megabytes would freeze the page; the size error already says what to do.
  const oversize = utf8Bytes(kwargs) > MAX_JSON_BYTES;
  const dropped = mode === 'replacement' && problem === null ? droppedTriggers(originalKwargs, kwargs) : [];

  const onKwargsChange = (value: string) => {
    setKwargs(value);
    // Editing the kwargs means replaying with them; going back to the original text does not.
    setMode(value === originalKwargs ? 'original' : 'replacement');
  };

  return (
    <GuardedForm
      action={action}
      // Checked in the browser before anything is sent (the button is disabled too): a 1.2 MB
      // paste is answered under the field, and the text and reason stay as typed.
      send={() => {
        if (submitting.current || problem !== null) return false;
        submitting.current = true;
        return true;
      }}
      label="Replay form"
      testId="replay-form"
    >
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="instance" value={instance} />
      {inbox !== null ? <input type="hidden" name="inbox" value={inbox} /> : null}
      <p className="text-sm text-zinc-700">
        Replaying creates a clone of <code className="font-mono text-[13px]">{instance}</code> that runs again; this instance
        becomes <em>replayed</em> and the clone&apos;s result cascades to the tasks waiting on it, as the original&apos;s would have.
      </p>

      <TypedJsonField
        id="replay-kwargs"
        schema={kwargsSchema}
        issues={issues}
        onValidate={onValidate}
        reveal={reveal}
        // An original-kwargs replay does not send the editor's text: whatever sits there (4 MB) cannot stop it.
        name={mode === 'replacement' ? 'replacementKwargs' : undefined}
        label="Replacement kwargs"
        hint={
          <>
            Starts from this instance&apos;s kwargs so you edit rather than retype. Replacement kwargs replace <strong>all</strong> of the
            trigger kwargs (keyed by trigger name): nothing is merged, so keep every trigger you still need.
          </>
        }
        value={kwargs}
        onChange={onKwargsChange}
        problem={problem}
        serverErrors={errors.replacementKwargs}
        disabled={locked}
      />

      {mode === 'replacement' ? (
        <div>
          <h3 className="mb-1 text-sm font-medium text-zinc-900">Changes to be replayed</h3>
          {oversize ? null : <JsonDiff before={originalKwargs} after={kwargs} testId="replay-diff" />}
          {dropped.length > 0 ? (
            <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="replay-dropped">
              {dropped.map((name, i) => (
                <span key={name}>
                  {i > 0 ? ', ' : ''}
                  <code className="font-mono text-xs">{name}</code>
                </span>
              ))}{' '}
              {dropped.length === 1 ? 'is' : 'are'} in the original kwargs but not in these: the clone will run without{' '}
              {dropped.length === 1 ? 'it' : 'them'} (nothing is merged).
            </p>
          ) : null}
          {edited ? (
            <button type="button" className="mt-2 text-sm text-zinc-700 underline underline-offset-4" onClick={() => onKwargsChange(originalKwargs)} disabled={locked}>
              Undo my edits (back to the original kwargs)
            </button>
          ) : null}
        </div>
      ) : null}

      <fieldset>
        <legend className="text-sm font-medium text-zinc-900">Replay with</legend>
        <div className="mt-2 space-y-2 text-sm">
          {(
            [
              ['original', 'the original kwargs', 'Reruns with exactly what the triggers brought (the editor is ignored).'],
              ['replacement', 'these kwargs', `Reruns with the editor's JSON${edited ? '' : ' (unchanged so far: edit it above)'}.`],
            ] as const
          ).map(([value, title, detail]) => (
            <Choice key={value} name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} disabled={locked} title={title} detail={detail} />
          ))}
        </div>
        <FieldError id="replay-mode-error" messages={errors.mode} />
      </fieldset>

      {kwargsSchema || issues.length > 0 ? <OverrideField title="Replay anyway" issueCount={issues.length} checked={override} onChange={setOverride} disabled={locked} /> : null}

      <ReasonField id="replay-reason" value={reason} onChange={setReason} messages={errors.reason} disabled={locked} placeholder="e.g. SUP-2291: applicant confirmed the address" />

      <PermissionNote reason={disabledReason} />
      <FormMessage state={state} />

      <div className="flex items-center gap-3">
        <button type="submit" className={primaryButton} disabled={locked || problem !== null} data-shortcut="replay-form">
          Replay
        </button>
        <span className="text-sm text-zinc-600" aria-live="polite">
          {pending
            ? 'Replaying…'
            : mode === 'original'
              ? 'with the original kwargs'
              : problem
                ? 'Fix the kwargs first.'
                : issues.length > 0 && !override
                  ? 'with the kwargs above (they fail the task’s schema: the server will refuse them unless you tick Replay anyway)'
                  : 'with the kwargs above'}
        </span>
      </div>
    </GuardedForm>
  );
}

/** Trigger names of the original kwargs missing from the replacement (which replaces all). */
function droppedTriggers(original: string, replacement: string): string[] {
  try {
    const before = Object.keys(JSON.parse(original) as Record<string, unknown>);
    const after = new Set(Object.keys(JSON.parse(replacement) as Record<string, unknown>));
    return before.filter((name) => !after.has(name));
  } catch {
    return [];
  }
}
