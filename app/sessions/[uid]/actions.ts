'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { fireTrigger } from '@/lib/recovery';
import { sessionHref } from '@/lib/routes';

/** Fires a trigger into the session by hand. */
export async function fireTriggerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('fireTriggerAction', 'operate', (engine, actor) => fireTrigger(engine, form, actor));
  if (!result.ok) return result;
  revalidatePath(sessionHref(String((form instanceof FormData ? form.get('uid') : (form as unknown as Record<string, unknown>).uid) ?? '').trim()));
  return { ok: true, message: result.message, data: undefined };
}
