import { z } from 'zod';
import { jsonObjectField, textProblem, type JsonFieldOptions } from './json-field';
import { printableText } from './printable';

/** Shared by the forms and the server actions (FormData values are strings). */
export const noNul = (text: string) => !text.includes('\u0000');

/** Refuses text PostgreSQL cannot store (NUL, lone surrogates), naming the field: "The reason contains …". */
export function storableText(what: string) {
  return (text: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}.` });
  };
}

/**
 * The recovery forms' JSON fields: the label and path their messages use. The forms' live check
 * in the browser (jsonFieldProblem) and the schemas below take the same options, so both say the
 * same words for the same text.
 */
export const JSON_FIELDS = {
  replacementKwargs: { label: 'Replacement kwargs', field: 'replacementKwargs', objectOfObjects: true },
  simulatedResult: { label: 'Simulated result', field: 'simulatedResult' },
  triggerKwargs: { label: 'Trigger kwargs', field: 'kwargs' },
} as const satisfies Record<string, JsonFieldOptions>;

export const uid = z
  .string({ error: 'Missing session uid.' })
  .trim()
  .min(1, 'Missing session uid.')
  .max(500, 'The session uid is longer than 500 characters.')
  .superRefine(storableText('The session uid'));
export const instance = z
  .string({ error: 'Missing instance name.' })
  .trim()
  .min(1, 'Missing instance name.')
  .max(500, 'The instance name is longer than 500 characters.')
  .superRefine(storableText('The instance name'));
export const reason = z
  .string({ error: 'Say briefly why (at least 3 characters): it is kept with the change.' })
  .trim()
  .min(3, 'Say briefly why (at least 3 characters): it is kept with the change.')
  .max(500, 'Keep the reason under 500 characters.')
  .superRefine(storableText('The reason'));
/** HTML checkboxes send "on" when ticked and nothing otherwise. */
export const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((value) => value === 'on' || value === 'true');

export const replaySchema = z.discriminatedUnion('mode', [
  z.object({ uid, instance, reason, mode: z.literal('original'), override: checkbox }),
  z.object({
    uid,
    instance,
    reason,
    mode: z.literal('replacement'),
    /** "Replay anyway": replace with kwargs that fail the task's schema (recorded in the audit row). */
    override: checkbox,
    replacementKwargs: jsonObjectField(JSON_FIELDS.replacementKwargs),
  }),
]);
export type ReplayInput = z.infer<typeof replaySchema>;

export const skipSchema = z
  .object({
    uid,
    instance,
    reason,
    cascade: checkbox,
    simulatedResult: z.string().optional(),
    /** "Skip anyway": cascade a result that fails the task's result schema. */
    override: checkbox,
    /** The form's confirm step: cascading an empty result (`{}`) to the waiting tasks is meant. */
    confirmEmpty: checkbox,
  })
  .transform((input, ctx) => {
    const text = input.simulatedResult?.trim() ?? '';
    if (!input.cascade || text === '') return { ...input, simulatedResult: {} as Record<string, unknown> };
    const parsed = jsonObjectField(JSON_FIELDS.simulatedResult).safeParse(text);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['simulatedResult'] });
      return z.NEVER;
    }
    return { ...input, simulatedResult: parsed.data };
  });
export type SkipInput = z.infer<typeof skipSchema>;

export const triggerName = z
  .string({ error: 'Name the trigger to fire.' })
  .trim()
  .min(1, 'Name the trigger to fire.')
  .max(200)
  .superRefine(storableText('The trigger name'))
  .superRefine(printableText('The trigger name'));

export const fireTriggerSchema = z.object({
  uid,
  trigger: triggerName,
  kwargs: z
    .string()
    .optional()
    .transform((text) => (text?.trim() ? text : '{}'))
    .pipe(jsonObjectField(JSON_FIELDS.triggerKwargs)),
  reason,
  /** "Fire anyway": kwargs that fail the waiting tasks' schemas. */
  override: checkbox,
});
export type FireTriggerInput = z.infer<typeof fireTriggerSchema>;

export const markLogsResolvedSchema = z.object({ uid, instance });
export type MarkLogsResolvedInput = z.infer<typeof markLogsResolvedSchema>;

/** The cascade preview's arguments (a FormData, or a plain object from the page); an empty result is `{}`. */
export const cascadePreviewSchema = z.object({
  uid,
  instance,
  simulatedResult: z
    .string({ error: 'Simulated result must be text (JSON).' })
    .transform((text) => (text.trim() === '' ? '{}' : text))
    .pipe(jsonObjectField(JSON_FIELDS.simulatedResult)),
});
export type CascadePreviewInput = z.infer<typeof cascadePreviewSchema>;

/** An editor's text as the live schema check takes it: empty means `{}`. */
const editorJson = (options: JsonFieldOptions) =>
  z
    .string({ error: 'The text to check must be a string (JSON).' })
    .transform((text) => (text.trim() === '' ? '{}' : text))
    .pipe(jsonObjectField(options));

/**
 * The live schema check of a recovery form's JSON (read-only): the replacement kwargs of a
 * replay, the simulated result of a skip, the kwargs of a fired trigger.
 */
export const validateAgainstSchemaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replay'), uid, instance, json: editorJson(JSON_FIELDS.replacementKwargs) }),
  z.object({ kind: z.literal('skip'), uid, instance, json: editorJson(JSON_FIELDS.simulatedResult) }),
  z.object({ kind: z.literal('fire'), uid, trigger: triggerName, json: editorJson(JSON_FIELDS.triggerKwargs) }),
]);
export type ValidateAgainstSchemaInput = z.infer<typeof validateAgainstSchemaSchema>;
