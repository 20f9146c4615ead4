'use client';

import { useState } from 'react';
import { secondaryButton } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/keep-on-failure';
import type { FormAction } from '@/lib/actions/result';
import { ControlMessage } from './control-message';

const dangerButton =
  'inline-flex items-center gap-2 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-red-300';

/** "Revoke…", then an inline confirmation: a revoked token is refused at once and for good. */
export function RevokeTokenForm({ revokeToken, token }: { revokeToken: FormAction; token: { id: string; name: string } }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useFormAction(revokeToken, () => setConfirming(false));
  const messageId = `revoke-message-${token.id}`;
  const questionId = `revoke-question-${token.id}`;

  if (!confirming) {
    return (
      <div data-testid="revoke-token">
        <button
          type="button"
          className={secondaryButton}
          aria-label={`Revoke… ${token.name}`} // starts with the visible text (WCAG 2.5.3)
          aria-describedby={state ? messageId : undefined}
          onClick={() => setConfirming(true)}
        >
          Revoke…
        </button>
        <ControlMessage id={messageId} state={state} />
      </div>
    );
  }
  return (
    <form action={action} data-testid="revoke-token-confirm" aria-describedby={questionId}>
      <input type="hidden" name="id" value={token.id} />
      <p id={questionId} className="mb-2 text-sm text-zinc-800">
        Revoke “{token.name}”? Requests with it are refused at once; this cannot be undone.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={dangerButton} disabled={pending} autoFocus>
          {pending ? 'Revoking…' : 'Revoke token'}
        </button>
        <button type="button" className={secondaryButton} disabled={pending} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
