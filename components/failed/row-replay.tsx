'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState, useTransition, type KeyboardEvent } from 'react';
import { secondaryButton } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { callFailedMessage } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { instanceFromInboxHref, nextFailureHref } from '@/lib/failed/url';

/** What the inbox's replay action answers: the clone it started. */
export type RowReplayDone = { uid: string; instance: string; clone: string } | undefined;
export type RowReplayAction = (previous: FormState<RowReplayDone>, form: FormData) => Promise<FormState<RowReplayDone>>;

/** Dispatched on `window` when a row's replay started a clone (InboxNotice shows it). */
export const ROW_REPLAYED_EVENT = 'triggerboard:row-replayed';
export interface RowReplayedDetail {
  message: string;
  cloneHref: string;
  nextHref: string;
}

/**
 * An inbox row's "Open" and "Replay": Replay unfolds a reason field with Confirm and Cancel in
 * the row (the original kwargs are replayed, through the instance page's own action). No form
 * element: the rows sit inside the bulk selection's form, and forms do not nest; Enter and
 * Ctrl+Enter in the reason confirm, Esc cancels. Once replayed, the inbox refreshes (the row
 * leaves it) and InboxNotice says what happened, with the next failure.
 */
export function RowReplay({
  uid,
  name,
  inbox,
  action,
  disabledReason,
}: {
  uid: string;
  name: string;
  /** The inbox's filter (inboxQuery), carried to the pages this row links to. */
  inbox: string;
  action: RowReplayAction;
  disabledReason?: string;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const replayButton = useRef<HTMLButtonElement>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const openHref = instanceFromInboxHref(uid, name, inbox);
  useEffect(() => {
    if (open) reasonInput.current?.focus();
  }, [open]);

  const cancel = () => {
    setOpen(false);
    setError(null);
    // After React has put the button back.
    setTimeout(() => replayButton.current?.focus());
  };
  const confirm = () => {
    if (pending) return;
    if (reason.trim().length < 3) {
      setError('Give a reason of at least 3 characters: it is kept with the replay.');
      return;
    }
    const form = new FormData();
    for (const [key, value] of Object.entries({ uid, instance: name, mode: 'original', reason, then: 'stay' })) form.set(key, value);
    startTransition(async () => {
      let result: FormState<RowReplayDone>;
      try {
        result = await action(null, form);
      } catch (failure) {
        result = { ok: false, message: callFailedMessage(failure) };
      }
      if (!result?.ok) {
        setError(result?.fieldErrors?.reason?.[0] ?? result?.message ?? 'The replay failed.');
        return;
      }
      const detail: RowReplayedDetail = {
        message: result.message,
        cloneHref: instanceFromInboxHref(uid, result.data?.clone ?? name, inbox),
        nextHref: nextFailureHref(inbox, uid, name),
      };
      window.dispatchEvent(new CustomEvent(ROW_REPLAYED_EVENT, { detail }));
      setOpen(false);
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault(); // not the enclosing bulk form's submit
      confirm();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  };

  if (!open) {
    return (
      <div className="flex flex-col items-stretch gap-1.5 whitespace-nowrap text-center xl:flex-row xl:items-center">
        <Link href={openHref} className={secondaryButton} data-shortcut="open" aria-label={`Open ${name}`}>
          Open
        </Link>
        <button
          ref={replayButton}
          type="button"
          className={secondaryButton}
          onClick={() => setOpen(true)}
          disabled={Boolean(disabledReason)}
          title={disabledReason ?? 'Replay with the original kwargs (r)'}
          aria-label={`Replay ${name}`}
          data-shortcut="row-replay"
        >
          Replay
        </button>
      </div>
    );
  }
  return (
    <div role="group" aria-label={`Replay ${name} with the original kwargs`} className="w-44 space-y-2 xl:w-56" data-shortcut-form data-testid="row-replay">
      <label htmlFor={`${id}-reason`} className="block text-xs font-medium text-zinc-900">
        Reason for replaying {name} (original kwargs)
      </label>
      <input
        ref={reasonInput}
        id={`${id}-reason`}
        // No name: the enclosing bulk form must not pick it up.
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={500}
        disabled={pending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder="e.g. SUP-2291: retry after the outage"
        className={inputClass}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButton} onClick={confirm} disabled={pending} data-shortcut-submit>
          {pending ? 'Replaying…' : 'Confirm replay'}
        </button>
        <button type="button" className="text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900" onClick={cancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </div>
  );
}
