/**
 * Task contracts (docs/engine-behaviour.md §10): a handler may declare zod schemas of its kwargs
 * and of its result. This module turns zod's issues into the plain `{ path, message }` list the
 * engine records and the dashboard shows, and the schemas into JSON Schema for the browser.
 */
import { z } from 'zod';

/** One schema issue: `path` is a dot path ('' for the root, array indexes as numbers). */
export interface SchemaIssue {
  path: string;
  message: string;
  /** The task whose schema raised it, when several tasks' schemas were checked (fire). */
  task?: string;
}

/** A JSON Schema document (plain JSON, safe to send to a browser). */
export type JsonSchema = Record<string, unknown>;

export type SchemaKind = 'kwargs' | 'result';

/** At most this many issues are listed, plus one that counts the rest. */
export const MAX_ISSUES = 50;

/** Zod's issues as dot paths with zod's own messages, in zod's order. */
export function issuesOf(error: z.ZodError): SchemaIssue[] {
  // The first MAX_ISSUES, then one line for the rest: a value with thousands of bad keys must not
  // make an answer (or an instance's exception context) thousands of entries long.
  const listed = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key.description) : String(key))).join('.'),
    message: issue.message,
  }));
  const more = error.issues.length - listed.length;
  return more > 0 ? [...listed, { path: '', message: `and ${more} more issue${more === 1 ? '' : 's'} like these` }] : listed;
}

/** Checks `value` against `schema`: the parsed value, or the issues. Never throws. */
export function checkSchema<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; issues: SchemaIssue[] } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesOf(parsed.error) };
}

/** `path: message` lines as one sentence; the root's issue has no path prefix. */
export function describeIssues(issues: SchemaIssue[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}

/**
 * The JSON Schema of a zod schema. Parts JSON Schema cannot express (transforms, custom
 * refinements) are left open instead of throwing: the server's check stays the authority.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
}

/**
 * The part of a kwargs schema for one trigger: `shape[trigger]` when the schema is an object
 * schema with that key, else undefined (nothing to check for that trigger).
 */
export function partForTrigger(schema: z.ZodType, trigger: string): z.ZodType | undefined {
  // Read from the definition, not `instanceof`: a Next.js server may bundle zod more than once.
  const def = (schema as { _zod?: { def?: { type?: string; shape?: Record<string, z.ZodType> } } })._zod?.def;
  if (def?.type !== 'object' || !def.shape) return undefined;
  return Object.hasOwn(def.shape, trigger) ? def.shape[trigger] : undefined;
}

/**
 * The schema issues a failed instance's metadata carries: a ValidationError whose context lists
 * `issues` (the engine's schema checks, or a handler's own). Null for any other failure.
 */
export function validationIssuesOf(metadata: {
  exceptionType?: unknown;
  exceptionContext?: unknown;
}): { schema: SchemaKind | null; issues: SchemaIssue[] } | null {
  if (metadata.exceptionType !== 'ValidationError') return null;
  const context = metadata.exceptionContext as { schema?: unknown; issues?: unknown } | undefined;
  if (!Array.isArray(context?.issues)) return null;
  const issues = context.issues
    .filter((i): i is { path: unknown; message: unknown } => typeof i === 'object' && i !== null)
    .filter((i) => typeof i.path === 'string' && typeof i.message === 'string')
    .map((i) => ({ path: i.path as string, message: i.message as string }));
  if (issues.length === 0) return null;
  const schema = context.schema === 'kwargs' || context.schema === 'result' ? context.schema : null;
  return { schema, issues };
}
