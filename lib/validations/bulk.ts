import { z } from 'zod';
import { instance, noNul, reason, uid } from './recovery';

/** The most instances one bulk operation freezes; a larger selection takes the newest failures. */
export const MAX_BULK_ITEMS = 500;

export const BULK_ACTIONS = ['replay', 'skip'] as const;

/** A ticked row of the failed inbox: its checkbox value is the JSON pair [session uid, instance]. */
const tickedRow = z
  .string()
  .max(2_000)
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      const pair = z.tuple([uid, instance]).safeParse(value);
      if (pair.success) return { uid: pair.data[0], name: pair.data[1] };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'A selected row is not a [session uid, instance] pair.' });
    return z.NEVER;
  });

const filterText = z
  .string()
  .trim()
  .max(200)
  .refine(noNul, 'A filter cannot contain NUL characters.')
  .optional()
  .transform((value) => value || undefined);

/** Freezing a selection: either the ticked rows, or everything the inbox's current filter matches. */
export const bulkSelectionSchema = z.discriminatedUnion('scope', [
  z.object({
    scope: z.literal('instances'),
    instances: z
      .array(tickedRow)
      .min(1, 'Tick at least one failed instance first.')
      .max(MAX_BULK_ITEMS, `Select at most ${MAX_BULK_ITEMS} instances at once.`),
  }),
  z.object({
    scope: z.literal('filter'),
    task: filterText,
    type: filterText,
    session: filterText,
    age: z.enum(['hour', 'day', 'week', 'older']).optional().or(z.literal('').transform(() => undefined)),
  }),
]);
export type BulkSelectionInput = z.infer<typeof bulkSelectionSchema>;

export const bulkStartSchema = z.object({
  id: z.string().trim().uuid('Unknown bulk operation.'),
  action: z.enum(BULK_ACTIONS, { message: 'Choose Replay or Skip.' }),
  reason,
});
export type BulkStartInput = z.infer<typeof bulkStartSchema>;
