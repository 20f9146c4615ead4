'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { PermissionNote } from '@/components/auth/permission-note';
import { ReasonField } from '@/components/recovery/reason-field';
import { primaryButton } from '@/components/ui/button';
import { Choice, FieldError, FormMessage } from '@/components/ui/field';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import type { BulkAction, InvalidBulkItem } from '@/lib/bulk';
import { startBulkAction } from '../../actions';
import { plural } from '@/lib/format';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const startBulk = keepFormOnFailure(startBulkAction);

const CHOICES: { value: BulkAction; title: string; detail: string }[] = [
  {
    value: 'replay',
    title: 'Replay with the original kwargs',
    detail: 'Each instance gets a clone that runs again with the kwargs it had; the instance becomes replayed.',
  },
  {
    value: 'skip',
    title: 'Skip (no cascade)',
    detail: 'Each instance becomes skipped without running again. Tasks waiting on it will not run.',
  },
];

/** Confirms a frozen selection: the action, a reason, and one button that names what it will do. */
export function BulkConfirmForm({
  id,
  total,
  invalid = [],
  disabledReason,
}: {
  id: string;
  total: number;
  /** Items whose stored kwargs fail today's schema: a replay with them would fail again. */
  invalid?: InvalidBulkItem[];
  disabledReason?: string;
}) {
  const router = useRouter();
  const [state, start, pending] = useActionState<FormState, FormData>(startBulk, null);
  const [action, setAction] = useState<BulkAction>('replay');
  const [reason, setReason] = useState('');
  const [excludeInvalid, setExcludeInvalid] = useState(true);
  // Leaving out every item would start an operation with nothing to do.
  const nothingLeft = action === 'replay' && excludeInvalid && invalid.length > 0 && invalid.length >= total;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const done = state?.ok === true;

  // Started (or found started by someone else): show the progress.
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);

  const count = plural(total, 'instance');
  return (
    <form action={start} className="space-y-5" aria-label="Confirm bulk action" data-testid="bulk-confirm-form">
      <input type="hidden" name="id" value={id} />
      <fieldset>
        <legend className="text-sm font-medium text-zinc-900">Action</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {CHOICES.map((choice) => (
            <Choice
              key={choice.value}
              className="flex cursor-pointer items-start gap-2 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-zinc-900 has-[:checked]:bg-zinc-50"
              name="action"
              value={choice.value}
              checked={action === choice.value}
              onChange={() => setAction(choice.value)}
              disabled={pending || done || Boolean(disabledReason)}
              title={choice.title}
              detail={choice.detail}
            />
          ))}
        </div>
        <FieldError id="bulk-action-error" messages={errors.action} />
      </fieldset>
      {action === 'replay' && invalid.length > 0 ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="bulk-invalid">
          <p role="status">
            {invalid.length} of {total} would fail validation: their stored kwargs do not match today&apos;s schema.
          </p>
          <details className="mt-1">
            <summary className="cursor-pointer">Which ones</summary>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {invalid.map((item) => (
                <li key={item.position}>
                  <span className="font-mono">{item.name}</span> ({item.uid}):{' '}
                  {item.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ')}
                </li>
              ))}
            </ul>
          </details>
          <label className="mt-2 flex items-center gap-2">
            <input
              type="checkbox"
              name="excludeInvalid"
              checked={excludeInvalid}
              onChange={(event) => setExcludeInvalid(event.target.checked)}
              disabled={pending || done || Boolean(disabledReason)}
            />
            Leave them out
          </label>
        </div>
      ) : null}
      <ReasonField
        id="bulk-reason"
        value={reason}
        onChange={setReason}
        messages={errors.reason}
        disabled={pending || done || Boolean(disabledReason)}
        placeholder="e.g. INC-481: the CRM is back up"
      />
      <PermissionNote reason={disabledReason} />
      {nothingLeft ? (
        <p className="text-sm text-amber-900" data-testid="bulk-nothing-left">
          Every instance is left out: there is nothing to replay. Untick “Leave them out” to replay them as they are.
        </p>
      ) : null}
      <FormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={pending || done || Boolean(disabledReason) || nothingLeft}>
        {pending ? 'Starting…' : `${action === 'replay' ? 'Replay' : 'Skip'} ${action === 'replay' && excludeInvalid && invalid.length > 0 ? `${total - invalid.length} of ${count}` : count}`}
      </button>
    </form>
  );
}
