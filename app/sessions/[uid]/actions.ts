'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { fireTrigger } from '@/lib/recovery';
import { sessionHref } from '@/lib/routes';
import { fireTriggerSchema } from '@/lib/validations/recovery';

const fire = runAction('fireTriggerAction', 'operate', fireTriggerSchema, (input, { engine, actor }) => fireTrigger(engine, input, actor));

/** Fires a trigger into the session by hand. */
export async function fireTriggerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await fire(form);
  if (!result.ok) return result;
  revalidatePath(sessionHref(result.data.uid));
  return { ok: true, message: result.message, data: undefined };
}
