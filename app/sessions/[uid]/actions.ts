'use server';

import { revalidatePath } from 'next/cache';
import type { SchemaCheckState } from '@/lib/actions/result';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { validateAgainstSchema } from '@/lib/recovery/contracts';
import { fireTrigger } from '@/lib/recovery';
import { sessionHref } from '@/lib/routes';
import { fireTriggerSchema, validateAgainstSchemaSchema } from '@/lib/validations/recovery';

const fire = runAction('fireTriggerAction', 'operate', fireTriggerSchema, (input, { engine, actor }) => fireTrigger(engine, input, actor));

/** Fires a trigger into the session by hand. */
export async function fireTriggerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await fire(form);
  if (!result.ok) return result;
  revalidatePath(sessionHref(result.data.uid));
  return { ok: true, message: result.message, data: undefined };
}

const schemaCheck = runAction(
  'validateAgainstSchemaAction',
  'read',
  validateAgainstSchemaSchema,
  (input, { engine }) => validateAgainstSchema(engine, input),
  { invalidMessage: (error) => error.issues.map((issue) => issue.message).join(' '), failureMessage: 'The schema check could not be done.' },
);

/**
 * The schema check of a form's JSON as one types (read-only, so viewers may ask too), for the
 * session page's fire form (`{ uid, trigger, kind: 'fire', json }`) and the instance page's replay
 * and skip forms (`{ uid, instance, kind: 'replay' | 'skip', json }`).
 */
export async function validateAgainstSchemaAction(input: unknown): Promise<SchemaCheckState> {
  const result = await schemaCheck(input);
  return result.ok ? { ok: true, issues: result.data.issues } : { ok: false, message: result.message };
}
