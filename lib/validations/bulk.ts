import { z } from 'zod';
import { checkbox, instance, noNul, reason, uid } from './recovery';
import { fingerprint } from './triage';

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

/** The form sends one `instance` field per ticked row (none when nothing is ticked). */
function tickedRows(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'instances' in raw) return raw;
  const { instance, ...rest } = raw as Record<string, unknown>;
  return { ...rest, instances: instance === undefined ? [] : [instance].flat() };
}

/** Freezing a selection: either the ticked rows, or everything the inbox's current filter matches. */
export const bulkSelectionSchema = z.preprocess(tickedRows, z.discriminatedUnion('scope', [
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
    q: filterText,
    age: z.enum(['hour', 'day', 'week', 'older']).optional().or(z.literal('').transform(() => undefined)),
    /** One failure group (its page's "Replay or skip all"). */
    fingerprint: fingerprint.optional().or(z.literal('').transform(() => undefined)),
    /** The inbox's triage filter; absent: every group, whoever it is assigned to. */
    state: z.enum(['open', 'resolved', 'snoozed', 'all']).optional().or(z.literal('').transform(() => undefined)),
    assignee: z.enum(['mine-or-nobody', 'mine', 'anyone']).optional().or(z.literal('').transform(() => undefined)),
  }),
]));
export type BulkSelectionInput = z.infer<typeof bulkSelectionSchema>;
/** The bulk bar has room for one line: the first problem of a selection. */
export const selectionProblem = (error: z.ZodError): string => error.issues[0]?.message ?? 'Invalid selection.';

export const bulkStartSchema = z.object({
  id: z.string().trim().uuid('Unknown bulk operation.'),
  action: z.enum(BULK_ACTIONS, { message: 'Choose Replay or Skip.' }),
  reason,
  /** "Leave them out": a replay does not act on items whose stored kwargs fail today's schema. */
  excludeInvalid: checkbox,
});
export type BulkStartInput = z.infer<typeof bulkStartSchema>;
export const BULK_START_INVALID = 'Nothing was started: please correct the highlighted fields.';
