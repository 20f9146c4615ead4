'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { authorizeAction } from '@/lib/actor';
import { markLogsResolved, previewSkipCascade, replayInstance, skipInstance } from '@/lib/recovery';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { instanceHref, sessionHref } from '@/lib/routes';
import type { FirePreview } from '@/lib/triggers';
import { cascadePreviewSchema } from '@/lib/validations/recovery';

function revalidateInstance(uid: string, name: string): void {
  revalidatePath(sessionHref(uid));
  revalidatePath(instanceHref(uid, name));
}

/** A field of the submitted input (a hand-made call may send a plain object instead of FormData). */
const text = (form: unknown, key: string) =>
  String((form instanceof FormData ? form.get(key) : typeof form === 'object' && form !== null ? (form as Record<string, unknown>)[key] : null) ?? '');

/** Replays a failed instance; on success the browser goes to the clone's page. */
export async function replayInstanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('replayInstanceAction', 'operate', (engine, actor) => replayInstance(engine, form, actor));
  if (!result.ok) return result;
  const uid = text(form, 'uid').trim();
  revalidateInstance(uid, text(form, 'instance').trim());
  redirect(instanceHref(uid, result.data.clone.name)); // outside runAction: redirect() throws on purpose
}

export async function skipInstanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('skipInstanceAction', 'operate', (engine, actor) => skipInstance(engine, form, actor));
  if (!result.ok) return result;
  revalidateInstance(text(form, 'uid').trim(), text(form, 'instance').trim());
  return { ok: true, message: result.message, data: undefined };
}

export async function markLogsResolvedAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('markLogsResolvedAction', 'operate', (engine, actor) => markLogsResolved(engine, form, actor));
  if (!result.ok) return result;
  revalidateInstance(text(form, 'uid').trim(), text(form, 'instance').trim());
  return { ok: true, message: result.message, data: undefined };
}

export type CascadePreviewState = { ok: true; preview: FirePreview } | { ok: false; message: string };

/**
 * What a skip with cascade would do with this simulated result (read-only: nothing is committed).
 * Who asks is checked before any argument is looked at; the input is checked whatever its
 * shape (a client can send anything). Reading what waits is a read: viewers see the true waiting tasks.
 */
export async function previewSkipCascadeAction(form: unknown): Promise<CascadePreviewState> {
  const auth = await authorizeAction('read');
  if ('refused' in auth) return { ok: false, message: auth.refused.message };
  // One FormData argument (not three strings): React counts positional string arguments against a
  // 1,000,000-character budget, FormData entries it does not, so a 1 MB result can be previewed.
  const field = (key: string) => (form instanceof FormData ? form.get(key) : typeof form === 'object' && form !== null ? (form as Record<string, unknown>)[key] : undefined);
  const input = cascadePreviewSchema.safeParse({ uid: field('uid'), instance: field('instance'), simulatedResult: field('simulatedResult') });
  if (!input.success) return { ok: false, message: input.error.issues.map((issue) => issue.message).join(' ') };
  try {
    const engine = await getAppEngine();
    return { ok: true, preview: await previewSkipCascade(engine, input.data.uid, input.data.instance, input.data.simulatedResult) };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'server action previewSkipCascadeAction failed', error: String(error) }));
    return { ok: false, message: 'The preview could not be computed.' };
  }
}
