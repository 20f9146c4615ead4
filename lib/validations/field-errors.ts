import type { z } from 'zod';

/** A zod error as the forms show it: messages per field (the first path segment), `form` when none. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
  return fieldErrors;
}
