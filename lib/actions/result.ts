import type { z } from 'zod';
import type { SchemaIssue } from '@/lib/triggers';
import { fieldErrorsOf } from '@/lib/validations/field-errors';

/**
 * What a service or server action answers instead of throwing: what it did, or why it changed
 * nothing (with the errors per field for invalid input). Plain data only, so it can cross to the
 * browser. No server imports here: forms import these types.
 */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data: T }
  | { ok: false; message: string; code?: FailureCode; fieldErrors?: Record<string, string[]>; issues?: SchemaIssue[] };

/**
 * Why an action changed nothing, for callers that branch on it (bulk outcomes): the input was
 * invalid, the value fails the task's schema (`issues` lists them; `override` lets it through),
 * the instance does not exist, or someone already replayed or skipped it; `confirm-empty-cascade`:
 * a skip would cascade an empty result and was not confirmed.
 */
export type FailureCode =
  | 'invalid-input'
  | 'schema'
  | 'not-found'
  | 'already-handled'
  | 'rejected'
  | 'unauthenticated'
  | 'forbidden'
  | 'confirm-empty-cascade'
  | 'conflict';

/**
 * What a form's `useActionState` holds: `null` before the first submit, then the action's result.
 * Only plain data crosses to the browser (no engine objects, no Error instances).
 */
export type FormState<T = undefined> = ActionResult<T> | null;

export const INVALID_INPUT_MESSAGE = 'Nothing was changed: please correct the highlighted fields.';

/** Invalid input as a typed refusal with every error per field (shared by every action). */
export function invalidInput(error: z.ZodError, message = INVALID_INPUT_MESSAGE): ActionResult<never> {
  return { ok: false, code: 'invalid-input', message, fieldErrors: fieldErrorsOf(error) };
}

/** A server action as a form calls it through `useActionState`; pages hand these to forms as props. */
export type FormAction<T = undefined> = (previous: FormState<T>, form: FormData) => Promise<FormState<T>>;

/** What the read-only `validateAgainstSchemaAction` answers: the server's issues, in its exact words. */
export type SchemaCheckState = { ok: true; issues: SchemaIssue[] } | { ok: false; message: string };
