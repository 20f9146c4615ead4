import type { z } from 'zod';

/**
 * Characters a name shown to people must not hold: control characters (Cc: C0, DEL, C1; a newline
 * splits a log or list line) and format characters (Cf: the bidirectional controls, which reorder
 * what is shown, and invisible ones such as U+200B zero-width space or U+00AD soft hyphen): each
 * can make one name read as another.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;

/** Why a name cannot be shown as is, or null. */
export function unprintableProblem(text: string): string | null {
  const match = UNPRINTABLE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `may hold only printable characters: no line breaks, tabs, control, invisible or text-direction characters (found U+${code} at position ${match.index + 1})`;
}

/** A zod refinement: `${what} may hold only printable characters …`. */
export function printableText(what: string) {
  return (text: string, ctx: z.RefinementCtx) => {
    const problem = unprintableProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}.` });
  };
}

/** The text with each unprintable character written as `\u{…}`: safe to echo in a message. */
export function escapeUnprintable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
