import type { ReactNode } from 'react';
import { submitWithoutReset } from './submit-without-reset';

/**
 * A form of the recovery pages whose text the browser checks before anything is sent: while
 * `send()` says no (the JSON check found a problem, a submit is already on its way), submitting
 * does nothing and what was typed stays. It is sent without React's form reset: after a refusal
 * the radios and checkboxes show what the form will send again (a reset would show their defaults
 * while the form still held the edited choice, and a second click would send the defaults).
 */
export function GuardedForm({
  action,
  send,
  label,
  testId,
  children,
}: {
  action: (form: FormData) => void;
  send: () => boolean;
  label: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!send()) event.preventDefault();
        else submitWithoutReset(action)(event);
      }}
      className="space-y-5"
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </form>
  );
}
