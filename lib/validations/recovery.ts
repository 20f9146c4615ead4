import { z } from 'zod';
import { jsonObjectField } from './json-field';

/** Shared by the forms and the server actions (FormData values are strings). */
export const noNul = (text: string) => !text.includes('\u0000');
export const uid = z.string().trim().min(1, 'Missing session uid.').max(500).refine(noNul, 'A uid cannot contain NUL characters.');
export const instance = z.string().trim().min(1, 'Missing instance name.').max(500).refine(noNul, 'An instance name cannot contain NUL characters.');
export const reason = z
  .string()
  .trim()
  .min(3, 'Say briefly why (at least 3 characters): it is kept with the change.')
  .max(500, 'Keep the reason under 500 characters.');
/** HTML checkboxes send "on" when ticked and nothing otherwise. */
const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((value) => value === 'on' || value === 'true');

export const replaySchema = z.discriminatedUnion('mode', [
  z.object({ uid, instance, reason, mode: z.literal('original') }),
  z.object({
    uid,
    instance,
    reason,
    mode: z.literal('replacement'),
    replacementKwargs: jsonObjectField({ label: 'Replacement kwargs', objectOfObjects: true }),
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
  })
  .transform((input, ctx) => {
    const text = input.simulatedResult?.trim() ?? '';
    if (!input.cascade || text === '') return { ...input, simulatedResult: {} as Record<string, unknown> };
    const parsed = jsonObjectField({ label: 'Simulated result' }).safeParse(text);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['simulatedResult'] });
      return z.NEVER;
    }
    return { ...input, simulatedResult: parsed.data };
  });
export type SkipInput = z.infer<typeof skipSchema>;

export const fireTriggerSchema = z.object({
  uid,
  trigger: z.string().trim().min(1, 'Name the trigger to fire.').max(200).refine(noNul, 'A trigger name cannot contain NUL characters.'),
  kwargs: z
    .string()
    .optional()
    .transform((text) => (text?.trim() ? text : '{}'))
    .pipe(jsonObjectField({ label: 'Trigger kwargs' })),
  reason,
});
export type FireTriggerInput = z.infer<typeof fireTriggerSchema>;

export const markLogsResolvedSchema = z.object({ uid, instance });
