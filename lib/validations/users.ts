import { z } from 'zod';
import { passwordProblem } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/roles';
import { storableText } from './recovery';

/** Staff accounts: the fields of the Users page's forms and of `npm run user:create`. */

const EMAIL_EXAMPLE = 'Enter an email address such as ada@example.com.';
export const emailField = z
  .string({ error: EMAIL_EXAMPLE })
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email(EMAIL_EXAMPLE));
const nameField = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'Keep the name under 120 characters.')
  .superRefine(storableText('The name'));
const roleField = z.enum(ROLES, { message: `The role must be one of ${ROLES.join(', ')}.` });
const passwordField = z.string({ error: 'Enter a password.' }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const createUserSchema = z.object({ email: emailField, name: nameField, role: roleField, password: passwordField });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  id: z.string().trim().min(1).max(100).superRefine(storableText('The user id')),
  role: roleField.optional(),
  name: nameField.optional(),
  disabled: z.boolean().optional(),
  password: passwordField.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

const NO_USER = 'Which user? The form sent no user id.';
/** The user a row control of the Users page acts on (a hidden field). */
const userId = z.string({ error: NO_USER }).trim().min(1, NO_USER).max(100, NO_USER).superRefine(storableText('The user id'));

/** What the per-user controls ask for, chosen by the form's `intent` field. */
export const USER_CHANGES = ['role', 'disable', 'enable', 'password'] as const;
export const userChangeSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ id: userId, intent: z.literal('role'), role: roleField }),
    z.object({ id: userId, intent: z.literal('disable') }),
    z.object({ id: userId, intent: z.literal('enable') }),
    z.object({ id: userId, intent: z.literal('password'), password: passwordField }),
  ],
  { error: `Unknown change: expected one of ${USER_CHANGES.join(', ')}.` },
);
export type UserChange = z.infer<typeof userChangeSchema>;

export const signOutUserSchema = z.object({ id: userId });
export type SignOutUserInput = z.infer<typeof signOutUserSchema>;
