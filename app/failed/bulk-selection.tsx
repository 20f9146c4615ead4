'use client';

import { useActionState, useCallback, useRef, useState, type ReactNode } from 'react';
import { BulkFilterForm, type InboxFilter } from '@/components/failed/bulk-filter-form';
import { secondaryButton } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/field';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { MAX_BULK_ITEMS } from '@/lib/validations/bulk';
import { freezeBulkSelectionAction } from './actions';

/** A failed call (413, 500, network) is the form's message, not an error page. */
const freezeBulkSelection = keepFormOnFailure(freezeBulkSelectionAction);

const FORM_ID = 'bulk-selection-form';
const ROW_BOXES = 'input[name="instance"]';


/**
 * The failed inbox's bulk selection: wraps the (server-rendered) table in a form whose row
 * checkboxes it counts, keeps the header's "select all on this page" box in step, and offers
 * to act on the ticked rows or on everything the current filter matches. Either way the next
 * page freezes the selection and asks for confirmation; nothing is acted on from here.
 */
export function BulkSelection({
  children,
  filter,
  total,
  disabledReason,
}: {
  children: ReactNode;
  filter: InboxFilter;
  total: number;
  /** Set when the user's role may not act: the buttons stay, disabled, and the bar says why. */
  disabledReason?: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [ticked, setTicked] = useState(0);
  const [rowsState, freezeRows, freezingRows] = useActionState<FormState, FormData>(freezeBulkSelection, null);

  const sync = useCallback((changed?: HTMLInputElement) => {
    const form = formRef.current;
    if (!form) return;
    const boxes = [...form.querySelectorAll<HTMLInputElement>(ROW_BOXES)];
    const all = form.querySelector<HTMLInputElement>('input[data-select-all]');
    if (changed?.dataset.selectAll !== undefined) for (const box of boxes) box.checked = changed.checked;
    const count = boxes.filter((box) => box.checked).length;
    if (all) {
      all.checked = count > 0 && count === boxes.length;
      all.indeterminate = count > 0 && count < boxes.length;
    }
    setTicked(count);
  }, []);

  const clear = () => {
    for (const box of formRef.current?.querySelectorAll<HTMLInputElement>(`${ROW_BOXES}, input[data-select-all]`) ?? []) box.checked = false;
    sync();
  };

  return (
    <div>
      <div
        className="mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-2.5 text-sm shadow-xs"
        role="group"
        aria-label="Bulk actions"
        data-testid="bulk-bar"
      >
        <span className="font-medium text-zinc-900" aria-live="polite" data-testid="bulk-ticked">
          {ticked === 0 ? 'No row selected' : `${ticked} selected on this page`}
        </span>
        <button type="submit" form={FORM_ID} className={secondaryButton} disabled={ticked === 0 || freezingRows || Boolean(disabledReason)}>
          {freezingRows ? 'Freezing…' : 'Replay or skip selected…'}
        </button>
        {ticked > 0 ? (
          <button type="button" onClick={clear} className="text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
            Clear selection
          </button>
        ) : null}
        <span className="hidden h-5 w-px bg-zinc-200 sm:block" aria-hidden />
        <BulkFilterForm
          action={freezeBulkSelectionAction}
          disabledReason={disabledReason}
          filter={filter}
          label={total > MAX_BULK_ITEMS ? `Replay or skip the newest ${MAX_BULK_ITEMS} of all ${total} matching…` : `Replay or skip all ${total} matching…`}
        />
        <span className="text-xs text-zinc-500">
          {disabledReason ?? 'The next page freezes the selection and asks you to confirm.'}
        </span>
      </div>
      {rowsState && !rowsState.ok ? <div className="mb-3"><FormMessage state={rowsState} /></div> : null}
      <form
        id={FORM_ID}
        ref={formRef}
        action={freezeRows}
        aria-label="Select failed instances"
        onChange={(event) => {
          const target = event.target;
          if (target instanceof HTMLInputElement && target.type === 'checkbox') sync(target);
        }}
      >
        <input type="hidden" name="scope" value="instances" />
        {children}
      </form>
    </div>
  );
}
