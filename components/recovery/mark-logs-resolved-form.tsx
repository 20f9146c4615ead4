'use client';

import { useActionState } from 'react';
import { markLogsResolvedAction } from '@/app/sessions/[uid]/instances/[name]/actions';
import type { FormState } from '@/lib/actions/run-action';
import { FormMessage, secondaryButton } from './field-error';

/** Records that support read this instance's error-level logs. */
export function MarkLogsResolvedForm({ uid, instance }: { uid: string; instance: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(markLogsResolvedAction, null);
  return (
    <form action={action} className="mt-3 space-y-2" aria-label="Mark logs resolved form">
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="instance" value={instance} />
      <button type="submit" className={secondaryButton} disabled={pending}>
        {pending ? 'Marking…' : 'Mark logs resolved'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
