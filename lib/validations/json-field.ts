import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';

/** Largest JSON payload an operator may submit (kwargs, simulated results). */
export const MAX_JSON_BYTES = 1_000_000;
/** Deepest nesting accepted: real kwargs nest a few levels; parsers and PostgreSQL recurse per level. */
export const MAX_JSON_DEPTH = 100;

/** UTF-8 size of a text without Buffer (this module also runs in the browser). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * The first syntax error of a JSON text as "line L, column C: what" (JSON.parse's own messages
 * rarely say where). jsonc-parser in strict mode: no comments, no trailing commas. Call it only
 * on text within MAX_JSON_DEPTH (`tooDeepAt`): the parser recurses once per level.
 */
export function describeJsonError(text: string): string | null {
  return strictParse(text).syntax;
}

function strictParse(text: string): { root: Node | undefined; syntax: string | null } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { root, syntax: root ? null : 'line 1, column 1: value expected' };
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return { root, syntax: `${lineColumn(text, first.offset)}: ${what}` };
}

/** Offset of the first bracket nesting deeper than `max`, or -1; a loop, so any depth is safe to scan. */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** A lone (unpaired) UTF-16 surrogate: not Unicode text, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored as it is (NUL, lone surrogate), or null. Shared by every text field. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    return `contains a lone surrogate (\\u${lone[0].charCodeAt(0).toString(16).toUpperCase()}), which is not valid Unicode text`;
  }
  return null;
}

/**
 * Why a JSON number's text would not survive a round trip through a 64-bit float (what
 * JSON.parse, PostgreSQL's jsonb read back and every JS consumer use), or null. Read from the
 * raw text: once parsed, 1e400 is already Infinity and 9007199254740993 already ...992.
 */
export function numberProblem(raw: string): string | null {
  const value = Number(raw);
  const [mantissa = ''] = raw.toLowerCase().split('e');
  const nonZeroDigits = /[1-9]/.test(mantissa);
  if (!Number.isFinite(value)) return `${raw} is too large to keep exactly (it would be stored as null); send it as a string`;
  if (value === 0 && nonZeroDigits) return `${raw} is too small to keep exactly (it would be stored as 0); send it as a string`;
  if (Object.is(value, -0)) return `${raw} cannot be kept: JSON stores -0 as 0; write 0`;
  if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(value)) {
    // 1e20 is itself a float exactly, but its neighbours are not: the range is the reason, not this value.
    if (BigInt(raw) === BigInt(value)) {
      return `${raw} is an integer beyond ±(2^53 − 1) = ±9007199254740991, where not every integer can be kept exactly; send it as a string`;
    }
    return `${raw} is too large to keep exactly (integers beyond 2^53 − 1 = 9007199254740991 would be stored as ${String(value)}); send it as a string`;
  }
  // Written with more digits than a float keeps (9007199254740993.0, 1.2345678901234567e17,
  // 1.00000000000000001): it would read back as another number. 0.1 and 1e308 read back as written.
  if (canonicalDecimal(raw) !== canonicalDecimal(String(value))) {
    return `${raw} has more digits than a 64-bit float keeps (it would be stored as ${String(value)}); send it as a string`;
  }
  return null;
}

/** A decimal's value as "±0.<digits>e<exponent>" without leading or trailing zeros, to compare two spellings. */
function canonicalDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const all = whole + fraction;
  const leading = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(leading).replace(/0+$/, '');
  if (digits === '') return '0';
  return `${sign}0.${digits}e${Number(exponent) + whole.length - leading}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;

/** The first value (or key) of a parsed tree that cannot be stored as written: "path: problem". */
function firstValueProblem(text: string, node: Node, path: string): string | null {
  switch (node.type) {
    case 'string': {
      const problem = textProblem(String(node.value));
      return problem ? `${path}: ${problem}.` : null;
    }
    case 'number': {
      const problem = numberProblem(text.slice(node.offset, node.offset + node.length));
      return problem ? `${path}: ${problem}.` : null;
    }
    case 'array':
      for (const [index, child] of (node.children ?? []).entries()) {
        const problem = firstValueProblem(text, child, pathOf(path, index));
        if (problem) return problem;
      }
      return null;
    case 'object': {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const key = String(keyNode?.value ?? '');
        const keyProblem = textProblem(key);
        if (keyProblem) return `${pathOf(path, key)}: the key ${keyProblem}.`;
        // JSON.parse (and jsonb) silently keep only the last value of a repeated key.
        if (seen.has(key)) return `${pathOf(path, key)}: the key ${JSON.stringify(key)} appears more than once in the object (only the last value would be kept); write it once.`;
        seen.add(key);
        const problem = valueNode ? firstValueProblem(text, valueNode, pathOf(path, key)) : null;
        if (problem) return problem;
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * The first value of a JSON text that cannot be stored as written, as "path: problem", or null
 * (also when the text does not parse). Call it only within MAX_JSON_DEPTH (`tooDeepAt`).
 */
export function unstorableValue(text: string, field: string): string | null {
  const { root, syntax } = strictParse(text);
  return root && !syntax ? firstValueProblem(text, root, field) : null;
}

function kind(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface JsonFieldOptions {
  /** How the form labels the field ("Replacement kwargs"). */
  label: string;
  /** The form field's name, the start of a value's path in messages ("replacementKwargs.a.b"). */
  field: string;
  /** Every value must be an object too (trigger kwargs keyed by trigger name). */
  objectOfObjects?: boolean;
}

/** The words for a JSON text over MAX_JSON_BYTES; `bytes` null when reading stopped past the limit. */
export function tooLargeProblem(label: string, bytes: number | null): string {
  const size = bytes === null ? 'it' : `${(bytes / 1_000_000).toFixed(2)} MB`;
  return `${label} is too large: ${size} is larger than ${MAX_JSON_BYTES / 1_000_000} MB, the most one field may hold.`;
}

/**
 * Why a JSON form field cannot be accepted, or null: the one check (and wording) of the browser
 * editors and the server. In order: size, nesting depth, syntax (line and column), values that
 * cannot be stored as written (NUL, lone surrogates, numbers a float cannot keep, a key written
 * twice in one object; with their path), then the shape. Never throws, whatever the text.
 */
export function jsonFieldProblem(text: string, options: JsonFieldOptions): string | null {
  const bytes = utf8Bytes(text);
  if (bytes > MAX_JSON_BYTES) {
    return tooLargeProblem(options.label, bytes);
  }
  const deep = tooDeepAt(text);
  if (deep >= 0) return `${options.label} nests deeper than ${MAX_JSON_DEPTH} levels (at ${lineColumn(text, deep)}): flatten it.`;
  const { root, syntax } = strictParse(text);
  if (syntax || !root) return `${options.label} is not valid JSON at ${syntax}.`;
  const stored = firstValueProblem(text, root, options.field);
  if (stored) return stored;
  const value: unknown = JSON.parse(text);
  if (!isPlainObject(value)) return `${options.label} must be a JSON object ({ … }), not ${kind(value)}.`;
  if (options.objectOfObjects) {
    const bad = Object.entries(value).find(([, v]) => !isPlainObject(v));
    if (bad) return `${options.label} must map each trigger name to an object of kwargs; "${bad[0]}" is ${kind(bad[1])}.`;
  }
  return null;
}

/**
 * A form field holding a JSON object (FormData values are strings), checked by jsonFieldProblem.
 */
export function jsonObjectField(options: JsonFieldOptions) {
  return z.string({ error: `${options.label} must be text (JSON).` }).transform((text, ctx): Record<string, unknown> => {
    const problem = jsonFieldProblem(text, options);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return JSON.parse(text) as Record<string, unknown>;
  });
}
