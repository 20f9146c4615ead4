'use client';

import { useRef } from 'react';
import { primaryButton, secondaryButton } from '@/components/ui/button';
import { FieldError, FormMessage, fieldControl, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/keep-on-failure';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { FormAction } from '@/lib/actions/result';
import type { GroupStatus } from '@/lib/failed/group-status';
import { MAX_NOTE_LENGTH, SNOOZE_HOURS } from '@/lib/validations/triage';

export interface TriageActions {
  assign: FormAction;
  note: FormAction;
  resolve: FormAction;
  unresolve: FormAction;
  snooze: FormAction;
  unsnooze: FormAction;
}

export interface TriageNote {
  id: string;
  authorName: string;
  authorEmail: string;
  at: string;
  body: string;
}

const SNOOZE_LABELS: Record<(typeof SNOOZE_HOURS)[number], string> = { '1': '1 hour', '8': '8 hours', '24': '24 hours', '168': '7 days' };
const section = 'space-y-2 border-t border-zinc-200 pt-4 first:border-t-0 first:pt-0';
const heading = 'text-sm font-semibold text-zinc-900';
const smallControl = 'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900';

/** One small form posting a fixed set of fields, with its outcome under it. */
function ActionForm({ action, fields, label, disabledReason, testId }: { action: FormAction; fields: Record<string, string>; label: string; disabledReason?: string; testId?: string }) {
  const [state, run, pending] = useFormAction(action);
  return (
    <form action={run} className="space-y-2" data-testid={testId}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={secondaryButton} disabled={pending || Boolean(disabledReason)} title={disabledReason}>
        {pending ? 'Saving…' : label}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/**
 * A failure group's triage state and the forms that change it: assignee ("Assign to me"),
 * resolve or unresolve, snooze for a while or for N more failures, and the note thread. Viewers
 * see everything with the buttons disabled and the reason next to them.
 */
export function TriagePanel({
  fingerprint,
  status,
  userId,
  assigneeId,
  assignees,
  notes,
  actions,
  disabledReason,
}: {
  fingerprint: string;
  status: GroupStatus;
  userId: string;
  assigneeId: string | null;
  assignees: { id: string; name: string; email: string }[];
  notes: TriageNote[];
  actions: TriageActions;
  disabledReason?: string;
}) {
  const [assignState, assign, assigning] = useFormAction(actions.assign);
  const [snoozeState, snooze, snoozing] = useFormAction(actions.snooze);
  const noteForm = useRef<HTMLFormElement>(null);
  const [noteState, note, noting] = useFormAction(actions.note, (state) => {
    if (state?.ok) noteForm.current?.reset();
  });
  const disabled = Boolean(disabledReason);
  const fp = { fingerprint };
  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs" data-testid="triage-panel">
      <h2 className="text-base font-semibold text-zinc-900">Triage</h2>
      {disabledReason ? <p className="text-sm text-zinc-600">{disabledReason}</p> : null}

      <section className={section} aria-labelledby="triage-assignee">
        <h3 id="triage-assignee" className={heading}>Assignee</h3>
        <form action={assign} onSubmit={submitWithoutReset(assign)} className="flex flex-wrap items-end gap-2" data-testid="assign-form">
          <input type="hidden" name="fingerprint" value={fingerprint} />
          <label htmlFor="group-assignee" className="sr-only">Assign to</label>
          <select id="group-assignee" name="assignee" defaultValue={assigneeId ?? ''} key={assigneeId ?? ''} className={`${smallControl} min-w-0 flex-1`} disabled={disabled}>
            <option value="">Nobody</option>
            {assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.id === userId ? `${u.name} (me)` : u.name}
              </option>
            ))}
          </select>
          <button type="submit" className={secondaryButton} disabled={disabled || assigning} title={disabledReason}>
            Assign
          </button>
        </form>
        {assigneeId !== userId ? <ActionForm action={actions.assign} fields={{ ...fp, assignee: userId }} label="Assign to me" disabledReason={disabledReason} testId="assign-me-form" /> : null}
        <FormMessage state={assignState} />
      </section>

      <section className={section} aria-labelledby="triage-resolution">
        <h3 id="triage-resolution" className={heading}>Resolution</h3>
        {status === 'resolved' ? (
          <ActionForm action={actions.unresolve} fields={fp} label="Mark unresolved" disabledReason={disabledReason} testId="unresolve-form" />
        ) : (
          <>
            <p className="text-xs text-zinc-600">A resolved group reopens by itself when it fails again.</p>
            <ActionForm action={actions.resolve} fields={fp} label="Resolve" disabledReason={disabledReason} testId="resolve-form" />
          </>
        )}
      </section>

      {status !== 'resolved' ? (
        <section className={section} aria-labelledby="triage-snooze">
          <h3 id="triage-snooze" className={heading}>Snooze</h3>
          {status === 'snoozed' ? (
            <ActionForm action={actions.unsnooze} fields={fp} label="End snooze" disabledReason={disabledReason} testId="unsnooze-form" />
          ) : (
            <form action={snooze} onSubmit={submitWithoutReset(snooze)} className="space-y-2" data-testid="snooze-form">
              <input type="hidden" name="fingerprint" value={fingerprint} />
              <fieldset className="space-y-2 text-sm text-zinc-800" disabled={disabled}>
                <legend className="sr-only">Snooze until</legend>
                <label className="flex flex-wrap items-center gap-2">
                  <input type="radio" name="mode" value="time" defaultChecked /> For
                  <select name="hours" aria-label="Snooze for" defaultValue="24" className={smallControl}>
                    {SNOOZE_HOURS.map((h) => (
                      <option key={h} value={h}>
                        {SNOOZE_LABELS[h]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-wrap items-center gap-2">
                  <input type="radio" name="mode" value="count" /> Until
                  <input name="count" type="number" min={1} defaultValue={10} aria-label="More failures" {...fieldControl('snooze-count', { errors: snoozeState?.ok === false ? snoozeState.fieldErrors?.count : null })} className={`${smallControl} w-24`} />
                  more failures
                </label>
              </fieldset>
              <FieldError id="snooze-count-error" messages={snoozeState?.ok === false ? snoozeState.fieldErrors?.count : null} />
              <button type="submit" className={secondaryButton} disabled={disabled || snoozing} title={disabledReason}>
                Snooze
              </button>
              <FormMessage state={snoozeState} />
            </form>
          )}
        </section>
      ) : null}

      <section className={section} aria-labelledby="triage-notes">
        <h3 id="triage-notes" className={heading}>Notes</h3>
        {notes.length === 0 ? (
          <p className="text-sm text-zinc-600">No notes yet.</p>
        ) : (
          <ol className="space-y-3" data-testid="group-notes">
            {notes.map((n) => (
              <li key={n.id} className="rounded-md bg-zinc-50 p-3 text-sm" data-testid="group-note">
                <p className="text-xs text-zinc-600">
                  <span className="font-medium text-zinc-900">{n.authorName}</span> · <time dateTime={n.at}>{n.at.slice(0, 16).replace('T', ' ')} UTC</time>
                </p>
                <p className="mt-1 whitespace-pre-wrap break-words text-zinc-900">{n.body}</p>
              </li>
            ))}
          </ol>
        )}
        <form ref={noteForm} action={note} onSubmit={submitWithoutReset(note)} className="space-y-2" data-testid="note-form">
          <input type="hidden" name="fingerprint" value={fingerprint} />
          <label htmlFor="group-note" className="block text-sm font-medium text-zinc-800">Add a note</label>
          <textarea
            name="body"
            rows={3}
            maxLength={MAX_NOTE_LENGTH}
            disabled={disabled}
            className={inputClass}
            {...fieldControl('group-note', { errors: noteState?.ok === false ? noteState.fieldErrors?.body : null })}
          />
          <FieldError id="group-note-error" messages={noteState?.ok === false ? noteState.fieldErrors?.body : null} />
          <button type="submit" className={primaryButton} disabled={disabled || noting} title={disabledReason}>
            {noting ? 'Adding…' : 'Add note'}
          </button>
          {noteState?.ok ? <FormMessage state={noteState} /> : null}
        </form>
      </section>
    </div>
  );
}
