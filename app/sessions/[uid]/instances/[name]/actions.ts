'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { privacyFor } from '@/lib/auth/payloads';
import { markLogsResolved, previewSkipCascade, replayInstance, skipInstance } from '@/lib/recovery';
import { carriedInbox, instanceFromInboxHref } from '@/lib/failed/url';
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

/** What an inline replay (the failed inbox's rows) is answered with: the clone it started. */
export type ReplayDone = { uid: string; instance: string; clone: string } | undefined;

/**
 * Replays a failed instance; on success the browser goes to the clone's page, keeping the inbox
 * filter the form carried (`inbox`), so the page offers the next failure under it. The inbox's
 * rows send `then=stay`: they are answered with the clone and stay on the inbox.
 */
export async function replayInstanceAction(_prev: FormState<ReplayDone>, form: FormData): Promise<FormState<ReplayDone>> {
  const result = await replay(form);
  if (!result.ok) return result;
  const { uid, instance, clone } = result.data;
  revalidateInstance(uid, instance);
  const fields = form instanceof FormData ? form : null;
  if (fields?.get('then') === 'stay') {
    revalidatePath('/failed');
    return { ok: true, message: result.message, data: { uid, instance, clone: clone.name } };
  }
  // outside runAction: redirect() throws on purpose
  redirect(instanceFromInboxHref(uid, clone.name, carriedInbox(fields?.get('inbox'))));
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
