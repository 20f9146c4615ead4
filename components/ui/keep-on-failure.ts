import { unstable_rethrow } from 'next/navigation';
import { useActionState, useMemo } from 'react';
import type { FormAction, FormState } from '@/lib/actions/result';

/** What a form shows when the call itself failed (a 413 from the proxy, a 500, the network). */
export function callFailedMessage(error: unknown): string {
  const why = error instanceof Error && error.message ? error.message : String(error);
  return `The server refused the request: ${why.slice(0, 300)} Nothing was changed; your text is kept.`;
}

/**
 * A server action for `useActionState` whose failed call becomes the form's own error state. A
 * thrown call (the proxy's 413, a 500, no network) would otherwise reach the error boundary and
 * replace the page, losing what was typed. Next's own signals (redirect, notFound) still go
 * through, so a successful replay still navigates to its clone.
 */
export function keepOnFailure<Prev, Input>(
  action: (previous: Prev, input: Input) => Promise<Prev>,
  failed: (message: string) => Prev,
): (previous: Prev, input: Input) => Promise<Prev> {
  return async (previous, input) => {
    try {
      return await action(previous, input);
    } catch (error) {
      unstable_rethrow(error);
      return failed(callFailedMessage(error));
    }
  };
}

/** `keepOnFailure` for the forms whose state is a FormState (`{ ok: false, message }`). */
export const keepFormOnFailure = <Prev, Input>(action: (previous: Prev, input: Input) => Promise<Prev>) =>
  keepOnFailure<Prev, Input>(action, (message) => ({ ok: false, message }) as Prev);

/**
 * `useActionState` for a form's server action (often handed down as a prop by its page): the
 * action, kept on failure, with its state (`null` before the first submit) and pending flag.
 * `onResult` sees each new state (a form clears its fields after a success).
 */
export function useFormAction<T>(action: FormAction<T>, onResult?: (state: FormState<T>) => void) {
  const kept = useMemo(() => keepFormOnFailure(action), [action]);
  return useActionState<FormState<T>, FormData>(async (previous, form) => {
    const state = await kept(previous, form);
    onResult?.(state);
    return state;
  }, null);
}
