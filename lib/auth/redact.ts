/**
 * Exception messages (and the stack text that repeats them) often quote what a handler was
 * given: an email, an account number, a value in quotes. For viewers who must not see payloads,
 * those parts are replaced with readable placeholders; the sentence around them stays, so the
 * failure can still be understood. Pure: no request, no database.
 */

/** Stand-ins, so a reader sees what kind of value was there. */
export const REDACTED = { email: '[email]', number: '[number]', value: '[value]' } as const;

// One pattern, tried left to right, so a part is replaced once (an email inside quotes becomes
// the quoted placeholder, not both).
// - quoted: '…', "…" or `…` on one line. A quote counts only where it is not part of a word, so
//   the apostrophes of "isn't" or "Ada's" neither open nor close one.
// - email: local@domain, also without a top-level domain (bad input is still customer data).
// - number: 6 digits or more, possibly grouped by single spaces, dots, dashes or slashes
//   (phone, account and card numbers, dates), with an optional leading +.
const PATTERN = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}_])(?<quote>['"\x60])(?<quoted>[^\n]{1,500}?)\k<quote>(?![\p{L}\p{N}_])`,
    String.raw`(?<email>[\p{L}\p{N}._%+-]+@+\p{L}[\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*)`,
    String.raw`(?<number>\+?\d(?:[ ./-]?\d){5,})`,
  ].join('|'),
  'gu',
);

/**
 * `text` with emails, long numbers and quoted values replaced by `[email]`, `[number]` and the
 * quoted `[value]`. Quoted values in `keep` (e.g. the instance's and task's own names, which
 * engine messages quote) stay.
 *
 * @example
 * redactExceptionText(`subject "ada@example.com" (id 4711093) not found`)
 * // → 'subject "[value]" (id [number]) not found'
 */
export function redactExceptionText(text: string, keep: readonly string[] = []): string {
  return text.replace(PATTERN, (match, ...args: unknown[]) => {
    const groups = args.at(-1) as { quote?: string; quoted?: string; email?: string; number?: string };
    if (groups.quote !== undefined) {
      return keep.includes(groups.quoted ?? '') ? match : `${groups.quote}${REDACTED.value}${groups.quote}`;
    }
    return groups.email !== undefined ? REDACTED.email : REDACTED.number;
  });
}
