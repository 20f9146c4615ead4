import type { z } from 'zod';

/**
 * Characters a name shown to people must not hold: control characters (C0, DEL, C1: a newline
 * splits a log or list line) and the bidirectional controls (U+061C, U+200E–U+200F,
 * U+202A–U+202E, U+2066–U+2069), which reorder what is shown and can make one name read as another.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why a name cannot be shown as is, or null. */
export function unprintableProblem(text: string): string | null {
  const match = UNPRINTABLE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `may hold only printable characters: no line breaks, tabs, control or text-direction characters (found U+${code} at position ${match.index + 1})`;
}

/** A zod refinement: `${what} may hold only printable characters …`. */
export function printableText(what: string) {
  return (text: string, ctx: z.RefinementCtx) => {
    const problem = unprintableProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}.` });
  };
}
