'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { privacyFor } from '@/lib/auth/payloads';
import { markLogsResolved, previewSkipCascade, replayInstance, skipInstance } from '@/lib/recovery';
import { instanceHref, sessionHref } from '@/lib/routes';
import type { FirePreview } from '@/lib/triggers';
import { cascadePreviewSchema, markLogsResolvedSchema, replaySchema, skipSchema } from '@/lib/validations/recovery';

// Only async functions may be exported from a 'use server' file (each becomes an endpoint): the
// wrapped bodies below stay private.

function revalidateInstance(uid: string, name: string): void {
  revalidatePath(sessionHref(uid));
  revalidatePath(instanceHref(uid, name));
}

const replay = runAction('replayInstanceAction', 'operate', replaySchema, (input, { engine, actor }) => replayInstance(engine, input, actor));
const skip = runAction('skipInstanceAction', 'operate', skipSchema, (input, { engine, actor }) => skipInstance(engine, input, actor));
const markLogs = runAction('markLogsResolvedAction', 'operate', markLogsResolvedSchema, (input, { engine, actor }) =>
  markLogsResolved(engine, input, actor),
);
// Reading what waits is a read: viewers see the true waiting tasks. The box shows one message,
// so invalid input is answered with every problem in it.
const preview = runAction(
  'previewSkipCascadeAction',
  'read',
  cascadePreviewSchema,
  (input, { engine, actor }) => previewSkipCascade(engine, input, privacyFor(actor)),
  { invalidMessage: (error) => error.issues.map((issue) => issue.message).join(' '), failureMessage: 'The preview could not be computed.' },
);

/** Replays a failed instance; on success the browser goes to the clone's page. */
export async function replayInstanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await replay(form);
  if (!result.ok) return result;
  revalidateInstance(result.data.uid, result.data.instance);
  redirect(instanceHref(result.data.uid, result.data.clone.name)); // outside runAction: redirect() throws on purpose
}

export async function skipInstanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await skip(form);
  if (!result.ok) return result;
  revalidateInstance(result.data.uid, result.data.instance);
  return { ok: true, message: result.message, data: undefined };
}

export async function markLogsResolvedAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await markLogs(form);
  if (!result.ok) return result;
  revalidateInstance(result.data.uid, result.data.instance);
  return { ok: true, message: result.message, data: undefined };
}

export type CascadePreviewState = { ok: true; preview: FirePreview } | { ok: false; message: string };

/**
 * What a skip with cascade would do with this simulated result (read-only: nothing is committed).
 * One FormData argument (not three strings): React counts positional string arguments against a
 * 1,000,000-character budget, FormData entries it does not, so a 1 MB result can be previewed.
 * The page asks with a plain object.
 */
export async function previewSkipCascadeAction(form: unknown): Promise<CascadePreviewState> {
  const result = await preview(form);
  return result.ok ? { ok: true, preview: result.data } : { ok: false, message: result.message };
}
