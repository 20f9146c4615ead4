import { describeJsonError, jsonFieldProblem, MAX_JSON_BYTES, tooDeepAt, unstorableValue, type JsonFieldOptions } from '@/lib/validations/json-field';

/** Pretty JSON as the editors show it. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/**
 * Live validation in the browser: the server's own check (lib/validations/json-field), so the
 * editor says what the server would (size, depth, syntax with line and column, values that
 * cannot be stored with their path, shape) before anything is sent.
 */
export function jsonObjectProblem(text: string, options: JsonFieldOptions): string | null {
  return jsonFieldProblem(text, options);
}

/**
 * The text reformatted, or null when it does not parse, is too large or deep to handle, or holds
 * a value that reformatting would change (1e400 would become null): the editor never alters data.
 */
export function formatJson(text: string): string | null {
  if (text.length > MAX_JSON_BYTES || tooDeepAt(text) >= 0 || describeJsonError(text)) return null;
  if (unstorableValue(text, '')) return null;
  return prettyJson(JSON.parse(text));
}
