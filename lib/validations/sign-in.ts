import { z } from 'zod';
import { storableText } from './recovery';

export const signInSchema = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254)
    .superRefine(storableText('The email address')),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1_000),
  next: z.string().max(2_000).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** Signing out takes no input (whatever is sent is ignored). */
export const signOutSchema = z.object({});
