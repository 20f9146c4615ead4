import type { ReactNode } from 'react';

/**
 * A form of the recovery pages whose text the browser checks before anything is sent: while
 * `send()` says no (the JSON check found a problem, a submit is already on its way), submitting
 * does nothing and what was typed stays.
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
      }}
      className="space-y-5"
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </form>
  );
}
