'use client';

import { useActionState } from 'react';
import { PermissionNote } from '@/components/auth/permission-note';
import { secondaryButton } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/field';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/result';
import { markLogsResolvedAction } from './actions';

const markLogsResolved = keepFormOnFailure(markLogsResolvedAction);

/** Records that support read this instance's error-level logs. */
export function MarkLogsResolvedForm({ uid, instance, disabledReason }: { uid: string; instance: string; disabledReason?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(markLogsResolved, null);
  const locked = pending || Boolean(disabledReason);
  return (
    <form action={action} className="mt-3 space-y-2" aria-label="Mark logs resolved form">
      <input type="hidden" name="uid" value={uid} />
      <input type="hidden" name="instance" value={instance} />
      <button type="submit" className={secondaryButton} disabled={locked}>
        {pending ? 'Marking…' : 'Mark logs resolved'}
      </button>
      <PermissionNote reason={disabledReason} />
      <FormMessage state={state} />
    </form>
  );
}
