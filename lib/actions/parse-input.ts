import type { z } from 'zod';
import { invalidInput, type ActionResult } from './result';

/** The form-level message for invalid input: fixed, or chosen from the errors. */
export type InvalidMessage = string | ((error: z.ZodError) => string);

/**
 * A server action's argument as the plain object its zod schema reads. Forms send FormData (a
 * field sent more than once — one checkbox per ticked row — becomes an array); a hand-made call
 * may send a plain object, or anything at all, which becomes `{}` so that the schema names each
 * missing field instead of throwing.
 */
export function formInput(raw: unknown): Record<string, unknown> {
  if (raw instanceof FormData) {
    const keys = [...new Set(raw.keys())];
    // Object.fromEntries defines own properties: a field named "__proto__" stays a field.
    return Object.fromEntries(
      keys.map((key) => {
        const values = raw.getAll(key);
        return [key, values.length === 1 ? values[0] : values];
      }),
    );
  }
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/**
 * Parses an action's argument once with its schema (lib/validations/): the typed input, or the
 * refusal with every error per field. runAction's parsing step; pure, so tests use it too.
 */
export function parseActionInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  invalidMessage?: InvalidMessage,
): { ok: true; data: z.output<S> } | ActionResult<never> {
  const parsed = schema.safeParse(formInput(raw));
  if (parsed.success) return { ok: true, data: parsed.data };
  return invalidInput(parsed.error, typeof invalidMessage === 'function' ? invalidMessage(parsed.error) : invalidMessage);
}
