'use client';

import { useActionState } from 'react';
import { freezeBulkSelectionAction } from '@/app/failed/actions';
import { secondaryButton } from '@/components/recovery/field-error';
import type { FormState } from '@/lib/actions/run-action';
import { keepFormOnFailure } from '@/components/recovery/keep-on-failure';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const freezeBulkSelection = keepFormOnFailure(freezeBulkSelectionAction);

export interface InboxFilter {
  task?: string;
  type?: string;
  session?: string;
  age?: string;
}

/**
 * A button that freezes every failed instance matching `filter` (a whole group, or the inbox's
 * current filter) into a bulk operation and opens its confirmation page.
 */
export function BulkFilterForm({
  filter,
  label,
  accessibleName,
  disabledReason,
}: {
  filter: InboxFilter;
  label: string;
  accessibleName?: string;
  /** Set when the user's role may not act: the button stays, disabled, with the reason as its description. */
  disabledReason?: string;
}) {
  const [state, freeze, freezing] = useActionState<FormState, FormData>(freezeBulkSelection, null);
  return (
    <form action={freeze} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="scope" value="filter" />
      {Object.entries(filter).map(([key, value]) => (value ? <input key={key} type="hidden" name={key} value={value} /> : null))}
      <button
        type="submit"
        className={secondaryButton}
        disabled={freezing || Boolean(disabledReason)}
        aria-label={accessibleName}
        title={disabledReason}
      >
        {freezing ? 'Freezing…' : label}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
