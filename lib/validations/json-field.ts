import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';

/** Largest JSON payload an operator may submit (kwargs, simulated results). */
export const MAX_JSON_BYTES = 1_000_000;

/**
 * The first syntax error of a JSON text as "line L, column C: what" (JSON.parse's own messages
 * rarely say where). jsonc-parser in strict mode: no comments, no trailing commas.
 */
export function describeJsonError(text: string): string | null {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return null;
  const before = text.slice(0, first.offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `line ${line}, column ${column}: ${what}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A form field holding a JSON object (FormData values are strings). `objectOfObjects` requires
 * every value to be an object too (trigger kwargs keyed by trigger name). The error says what
 * is wrong and where.
 */
export function jsonObjectField(options: { objectOfObjects?: boolean; label: string }) {
  return z.string().transform((text, ctx): Record<string, unknown> => {
    if (Buffer.byteLength(text, 'utf8') > MAX_JSON_BYTES) {
      ctx.addIssue({ code: 'custom', message: `${options.label} is larger than ${MAX_JSON_BYTES / 1_000_000} MB.` });
      return z.NEVER;
    }
    const syntax = describeJsonError(text);
    if (syntax) {
      ctx.addIssue({ code: 'custom', message: `${options.label} is not valid JSON at ${syntax}.` });
      return z.NEVER;
    }
    const value: unknown = JSON.parse(text);
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: `${options.label} must be a JSON object ({ … }), not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.` });
      return z.NEVER;
    }
    if (options.objectOfObjects) {
      const bad = Object.entries(value).find(([, v]) => !isPlainObject(v));
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `${options.label} must map each trigger name to an object of kwargs; "${bad[0]}" is ${Array.isArray(bad[1]) ? 'an array' : bad[1] === null ? 'null' : typeof bad[1]}.`,
        });
        return z.NEVER;
      }
    }
    if (JSON.stringify(value).includes('\\u0000')) {
      ctx.addIssue({ code: 'custom', message: `${options.label} contains a NUL character (\\u0000), which cannot be stored.` });
      return z.NEVER;
    }
    return value;
  });
}
