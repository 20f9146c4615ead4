import { describeJsonError } from '@/lib/validations/json-field';

/** Pretty JSON as the editors show it. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

function kind(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Live validation in the browser, with the same wording as the server's (lib/validations/json-field):
 * the line and column of the first syntax error, or what is wrong with the shape.
 */
export function jsonObjectProblem(text: string, options: { label: string; objectOfObjects?: boolean }): string | null {
  const syntax = describeJsonError(text);
  if (syntax) return `${options.label} is not valid JSON at ${syntax}.`;
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${options.label} must be a JSON object ({ … }), not ${kind(value)}.`;
  }
  if (options.objectOfObjects) {
    const bad = Object.entries(value).find(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v));
    if (bad) return `${options.label} must map each trigger name to an object of kwargs; "${bad[0]}" is ${kind(bad[1])}.`;
  }
  return null;
}

/** The text reformatted, or null when it does not parse. */
export function formatJson(text: string): string | null {
  if (describeJsonError(text)) return null;
  return prettyJson(JSON.parse(text));
}
