'use client';

import { Fragment, useActionState, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { PermissionNote } from '@/components/auth/permission-note';
import { ConfirmEmptyCascade, isEmptyResultText } from '@/components/recovery/confirm-empty-cascade';
import { OverrideField } from '@/components/recovery/override-field';
import { ReasonField } from '@/components/recovery/reason-field';
import { TypedJsonField } from '@/components/recovery/typed-json-field';
import { liveSchemaCheck, useSchemaIssues } from '@/components/recovery/use-schema-issues';
import { startingResult } from '@/components/recovery/starting-result';
import { primaryButton } from '@/components/ui/button';
import { Choice, FormMessage } from '@/components/ui/field';
import { GuardedForm } from '@/components/ui/guarded-form';
import { callFailedMessage, keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { jsonFieldProblem } from '@/lib/validations/json-field';
import { JSON_FIELDS } from '@/lib/validations/recovery';
import type { TaskContract, ValidateAgainstSchema } from '@/lib/validations/schema-issues';
import { previewSkipCascadeAction, skipInstanceAction, type CascadePreviewState } from './actions';
import { ScrollRegion } from '@/components/ui/scroll-region';

const PREVIEW_DEBOUNCE_MS = 400;

const skip = keepFormOnFailure(skipInstanceAction);

/**
 * Asks for the cascade preview. The input travels as one FormData: React's reply decoder counts
 * the characters of positional string arguments against a 1,000,000 budget (a 999,990-character
 * result would fail the call), while FormData entries are not counted. A failed call (413, 500,
 * network) becomes a message in the preview box, never an error page.
 */
async function askPreview(uid: string, instance: string, result: string): Promise<CascadePreviewState> {
  const form = new FormData();
  form.set('uid', uid);
  form.set('instance', instance);
  form.set('simulatedResult', result);
  try {
    return await previewSkipCascadeAction(form);
  } catch (error) {
    return { ok: false, message: `The preview could not be loaded. ${callFailedMessage(error)}` };
  }
}

function Names({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <span className="text-zinc-500">{empty}</span>;
  return (
    <>
      {names.map((name, i) => (
        <code key={name} className={`${i > 0 ? 'ml-1 ' : ''}inline-block max-w-full break-all rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-900`}>
          {name}
        </code>
      ))}
    </>
  );
}

/** Skips a failed instance, with or without cascading a simulated result to the tasks waiting on it. */
export function SkipForm({
  uid,
  instance,
  task,
  initialPreview,
  disabledReason,
  contract = null,
  validateAction = null,
}: {
  uid: string;
  instance: string;
  task: string;
  /** The cascade preview for an empty simulated result, computed with the page. */
  initialPreview: CascadePreviewState;
  /** Set when the user's role may not skip: the form stays visible, disabled, and says why. */
  disabledReason?: string;
  /** The task's declared shapes and last result; null when unknown. */
  contract?: TaskContract | null;
  /** The read-only `validateAgainstSchemaAction`; null: no check as one types. */
  validateAction?: ValidateAgainstSchema | null;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(skip, null);
  const locked = pending || Boolean(disabledReason);
  const [cascade, setCascade] = useState(false);
  const start = useMemo(() => startingResult(contract), [contract]);
  const [result, setResult] = useState(start.text);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const validate = useMemo(
    () =>
      validateAction
        ? liveSchemaCheck(validateAction, { uid, instance, kind: 'skip' }, (json) => jsonFieldProblem(json, JSON_FIELDS.simulatedResult))
        : null,
    [validateAction, uid, instance],
  );
  const { issues, onValidate } = useSchemaIssues(validate, state);
  const [preview, setPreview] = useState<CascadePreviewState>(initialPreview);
  const [previewing, startPreview] = useTransition();
  const problem = cascade ? jsonFieldProblem(result, JSON_FIELDS.simulatedResult) : null;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const waiting = initialPreview.ok ? initialPreview.preview.tasks : [];
  // The confirm step for a cascade of an empty result: the server refuses one unconfirmed (after
  // the schema check, whose refusal comes first); the step then sends the form again with `confirmEmpty`.
  const [dismissedFor, setDismissedFor] = useState<FormState>(null);
  const refusedUnconfirmed = state !== null && !state.ok && state.code === 'confirm-empty-cascade';
  const asking = refusedUnconfirmed && dismissedFor !== state && cascade && problem === null && isEmptyResultText(result);

  // Refresh the preview when the simulated result changes (debounced; only valid JSON objects).
  const lastAsked = useRef('{}');
  useEffect(() => {
    if (!cascade || problem !== null || result === lastAsked.current) return;
    const timer = setTimeout(() => {
      lastAsked.current = result;
      startPreview(async () => setPreview(await askPreview(uid, instance, result)));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [cascade, problem, result, uid, instance]);

  return (
    // Checked in the browser before anything is sent.
    <GuardedForm action={action} send={() => problem === null} label="Skip form" testId="skip-form">
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="instance" value={instance} />
      <p className="text-sm text-zinc-700">
        Skipping gives up on <code className="font-mono text-[13px]">{instance}</code> without running it again: it becomes{' '}
        <em>skipped</em>.
      </p>

      <Choice
        type="checkbox"
        name="cascade"
        checked={cascade}
        onChange={(event) => setCascade(event.target.checked)}
        disabled={locked}
        title="Cascade"
        detail={`Pass a simulated result to the tasks waiting on ${task}, as if the handler had returned it.`}
      />

      {cascade ? (
        <>
          <TypedJsonField
            id="skip-result"
            name="simulatedResult"
            label="Simulated result"
            schema={contract?.result ?? null}
            issues={issues}
            onValidate={onValidate}
            hint={
              <>
                The object the tasks waiting on this one receive as this task&apos;s kwargs. It is shown on this instance, badged “simulated”.{' '}
                <span data-testid="skip-result-start">
                  {start.from === 'schema' ? (
                    <>It starts from a template of {task}&apos;s result schema: fill in the values.</>
                  ) : start.from === 'last-result' ? (
                    <>
                      It starts from the most recent successful result of {task} (
                      <code className="font-mono">{start.instance}</code>): {task} declares no result schema.
                    </>
                  ) : null}
                </span>
              </>
            }
            value={result}
            onChange={setResult}
            problem={problem}
            serverErrors={errors.simulatedResult}
            disabled={locked}
            minHeight="5rem"
          />
          <div className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-3 text-sm" data-testid="cascade-preview" aria-busy={previewing}>
            <h3 className="font-medium text-zinc-900">
              What the cascade will do{previewing ? <span className="ml-2 text-xs font-normal text-zinc-500">updating…</span> : null}
            </h3>
            {/* Each term above its value: the card is a narrow column, and names must not break mid-word. */}
            {preview.ok ? (
              <dl className="mt-2 grid grid-cols-1 gap-y-0.5 [&>dd]:mb-1.5 [&>dd]:min-w-0 [&>dd]:[overflow-wrap:anywhere]">
                <dt className="text-zinc-600">Tasks waiting on {task}</dt>
                <dd data-testid="preview-tasks">
                  <Names names={preview.preview.tasks} empty="none" />
                </dd>
                <dt className="text-zinc-600">Would run now</dt>
                <dd data-testid="preview-ready">
                  <Names names={preview.preview.ready} empty="nothing: they still wait for other triggers" />
                </dd>
                {(
                  [
                    ['New instances', preview.preview.created],
                    ['Waiting instances given the result', preview.preview.applied],
                    ['Would be abandoned', preview.preview.abandoned],
                  ] as const
                ).map(([term, names]) =>
                  names.length > 0 ? (
                    <Fragment key={term}>
                      <dt className="text-zinc-600">{term}</dt>
                      <dd>
                        <Names names={names} empty="" />
                      </dd>
                    </Fragment>
                  ) : null,
                )}
                {Object.entries(preview.preview.receives ?? {}).map(([name, kwargs]) => (
                  <Fragment key={`receives-${name}`}>
                    <dt className="text-zinc-600">
                      <code className="font-mono text-xs">{name}</code> would receive
                    </dt>
                    <dd className="min-w-0">
                      <details data-testid="preview-receives">
                        <summary className="cursor-pointer text-xs text-zinc-600">its kwargs ({Object.keys(kwargs).join(', ') || 'none'})</summary>
                        <ScrollRegion as="pre" label={`kwargs ${name} would receive`} className="mt-1 max-h-48 overflow-auto rounded bg-white p-2 font-mono text-xs text-zinc-800">
                          {JSON.stringify(kwargs, null, 2)}
                        </ScrollRegion>
                      </details>
                    </dd>
                  </Fragment>
                ))}
              </dl>
            ) : (
              <p className="mt-1 text-red-700">{preview.message}</p>
            )}
          </div>
        </>
      ) : (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="no-cascade-note">
          {!initialPreview.ok ? (
            // Never claim that nothing waits when we could not find out.
            <>
              Which tasks wait on {task} could not be loaded ({initialPreview.message}): skipping without cascade may leave them
              waiting for good.
            </>
          ) : waiting.length > 0 ? (
            <>
              Without cascade, the tasks waiting on {task} (<Names names={waiting} empty="" />) will <strong>not</strong> run for this
              session.
            </>
          ) : (
            <>No task waits on {task}: skipping it will not run anything else, with or without cascade.</>
          )}
        </p>
      )}

      {cascade && (contract?.result || issues.length > 0) ? (
        <OverrideField title="Skip anyway" issueCount={issues.length} checked={override} onChange={setOverride} disabled={locked} />
      ) : null}

      <ReasonField id="skip-reason" value={reason} onChange={setReason} messages={errors.reason} disabled={locked} placeholder="e.g. SUP-2301: imported by hand in the CRM" />

      <PermissionNote reason={disabledReason} />
      {refusedUnconfirmed ? null : <FormMessage state={state} />}

      {asking ? (
        <ConfirmEmptyCascade
          task={task}
          waiting={waiting}
          disabled={locked}
          onCancel={() => setDismissedFor(state)}
        />
      ) : (
        <button type="submit" className={primaryButton} disabled={locked || problem !== null} data-shortcut="skip-form">
          {pending ? 'Skipping…' : 'Skip'}
        </button>
      )}
    </GuardedForm>
  );
}
