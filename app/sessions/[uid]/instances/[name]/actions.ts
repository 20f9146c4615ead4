'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { authorizeAction } from '@/lib/actor';
import { markLogsResolved, previewSkipCascade, replayInstance, skipInstance } from '@/lib/recovery';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { instanceHref, sessionHref } from '@/lib/routes';
import type { FirePreview } from '@/lib/triggers';
import { describeJsonError } from '@/lib/validations/json-field';

function revalidateInstance(uid: string, name: string): void {
  revalidatePath(sessionHref(uid));
  revalidatePath(instanceHref(uid, name));
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '');

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

/** What a skip with cascade would do with this simulated result (read-only: nothing is committed). */
export async function previewSkipCascadeAction(uid: string, instance: string, simulatedResult: string): Promise<CascadePreviewState> {
  const source = simulatedResult.trim() === '' ? '{}' : simulatedResult;
  const syntax = describeJsonError(source);
  if (syntax) return { ok: false, message: `Simulated result is not valid JSON at ${syntax}.` };
  const value: unknown = JSON.parse(source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Simulated result must be a JSON object ({ … }).' };
  }
  // Reading what waits is a read (the preview commits nothing): viewers see the true waiting tasks.
  const auth = await authorizeAction('read');
  if ('refused' in auth) return { ok: false, message: auth.refused.message };
  try {
    const engine = await getAppEngine();
    return { ok: true, preview: await previewSkipCascade(engine, uid, instance, value as Record<string, unknown>) };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'server action previewSkipCascadeAction failed', error: String(error) }));
    return { ok: false, message: 'The preview could not be computed.' };
  }
}
