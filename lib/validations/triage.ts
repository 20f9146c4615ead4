import { z } from 'zod';
import { noNul } from './recovery';

/** The longest note of a failure group's thread. */
export const MAX_NOTE_LENGTH = 2_000;
/** The most failures a snooze can wait for. */
export const MAX_SNOOZE_COUNT = 100_000;
/** Snooze durations offered, in hours (a time zone-free choice: the server adds them to now). */
export const SNOOZE_HOURS = ['1', '8', '24', '168'] as const;

export const fingerprint = z
  .string({ error: 'Missing failure group.' })
  .trim()
  .regex(/^[0-9a-f]{32}$/, 'Unknown failure group.');

/** `assignee`: a user id, or empty for nobody ("Assign to me" sends the signed-in user's id). */
export const assignGroupSchema = z.object({
  fingerprint,
  assignee: z
    .string()
    .trim()
    .max(200, 'Unknown user.')
    .refine(noNul, 'Unknown user.')
    .transform((value) => value || null),
});
export type AssignGroupInput = z.infer<typeof assignGroupSchema>;

export const groupNoteSchema = z.object({
  fingerprint,
  body: z
    .string({ error: 'Write a note first.' })
    .trim()
    .min(1, 'Write a note first: an empty note is not added.')
    .max(MAX_NOTE_LENGTH, `A note has at most ${MAX_NOTE_LENGTH.toLocaleString('en')} characters.`)
    .refine(noNul, 'A note cannot contain NUL characters.'),
});
export type GroupNoteInput = z.infer<typeof groupNoteSchema>;

export const groupOnlySchema = z.object({ fingerprint });
export type GroupOnlyInput = z.infer<typeof groupOnlySchema>;

/** Snooze for a while, or until so many more failures arrive. */
export const snoozeGroupSchema = z.discriminatedUnion('mode', [
  z.object({ fingerprint, mode: z.literal('time'), hours: z.enum(SNOOZE_HOURS, { message: 'Choose how long to snooze.' }) }),
  z.object({
    fingerprint,
    mode: z.literal('count'),
    // Digits only: Number() would also take '0x10', '1e3' or ' '.
    count: z
      .union([z.number(), z.string().trim().regex(/^\d{1,9}$/, 'Enter a whole number of failures.').transform(Number)], {
        error: 'Enter a whole number of failures.',
      })
      .pipe(
        z
          .number()
          .int('Enter a whole number of failures.')
          .min(1, 'Snooze for at least 1 more failure.')
          .max(MAX_SNOOZE_COUNT, `Snooze for at most ${MAX_SNOOZE_COUNT.toLocaleString('en')} failures.`),
      ),
  }),
], { error: 'Choose how to snooze: for a while or until more failures arrive.' });
export type SnoozeGroupInput = z.infer<typeof snoozeGroupSchema>;
