import { z } from 'zod';
import { API_SCOPES } from '@/lib/tokens/scopes';
import { printableText } from './printable';
import { storableText } from './recovery';

/** API tokens: the fields of the API tokens page's forms and of `npm run token:create`. */

export const TOKEN_NAME_MAX = 80;
const NO_NAME = 'Enter a name for the token, such as orders-service: it names the token in lists and the audit log.';
export const tokenNameField = z
  .string({ error: NO_NAME })
  .trim()
  // One spelling per name (é composed or e + accent): uniqueness compares what people see.
  .normalize('NFC')
  .min(1, NO_NAME)
  .max(TOKEN_NAME_MAX, `Keep the name to ${TOKEN_NAME_MAX} characters or fewer.`)
  .superRefine(storableText('The name'))
  .superRefine(printableText('The name'))
  // Audit rows show a token by its name where they show a person's email: no look-alikes.
  // NFKC folds look-alikes such as the fullwidth ＠ (U+FF20) into @.
  .refine((name) => !name.normalize('NFKC').includes('@'), 'The name cannot contain @: it would read like a person’s email in the audit log. Name what uses the token, such as orders-service.');
export const tokenScopeField = z.enum(API_SCOPES, { message: `The scope must be one of ${API_SCOPES.join(', ')}.` });

export const createTokenSchema = z.object({ name: tokenNameField, scope: tokenScopeField });
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

const NO_TOKEN = 'Which token? The form sent no token id.';
export const revokeTokenSchema = z.object({
  id: z.string({ error: NO_TOKEN }).trim().min(1, NO_TOKEN).max(100, NO_TOKEN).superRefine(storableText('The token id')),
});
export type RevokeTokenInput = z.infer<typeof revokeTokenSchema>;
