'use client';

import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import type { FormAction } from '@/lib/actions/result';

export interface InboxFilter {
  task?: string;
  type?: string;
  session?: string;
  q?: string;
  age?: string;
  /** One failure group. */
  fingerprint?: string;
  /** The inbox's triage filter (absent: every group). */
  state?: string;
  assignee?: string;
}

/**
 * A button that freezes every failed instance matching `filter` (a whole group, or the inbox's
 * current filter) into a bulk operation and opens its confirmation page. `action` is the inbox's
 * freezeBulkSelectionAction, handed down by the page.
 */
export function BulkFilterForm({
  action,
  filter,
  label,
  accessibleName,
  disabledReason,
}: {
  action: FormAction;
  filter: InboxFilter;
  label: string;
  accessibleName?: string;
  /** Set when the user's role may not act: the button stays, disabled, with the reason as its description. */
  disabledReason?: string;
}) {
  const [state, freeze, freezing] = useFormAction(action);
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
