import { describeJsonError, MAX_JSON_BYTES, tooDeepAt, unstorableValue } from '@/lib/validations/json-field';

/**
 * The text reformatted (two-space indent), or null when it does not parse, is too large or deep
 * to handle, or holds a value that reformatting would change (1e400 would become null): the
 * editor never alters data.
 */
export function formatJson(text: string): string | null {
  if (text.length > MAX_JSON_BYTES || tooDeepAt(text) >= 0 || describeJsonError(text)) return null;
  if (unstorableValue(text, '')) return null;
  return JSON.stringify(JSON.parse(text), null, 2);
}
