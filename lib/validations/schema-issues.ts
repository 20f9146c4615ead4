/**
 * The shapes the typed-task contract (issue 15) hands to the browser: a task's JSON Schemas, its
 * most recent successful result, and the issues a value has against a schema. Plain data only, so
 * pages pass them to client forms; no zod here (the browser never re-implements the server's check).
 */

/** A JSON Schema object as zod 4's `z.toJSONSchema` writes it (plain JSON). */
export type JsonSchema = { [key: string]: unknown };

/** What the dashboard knows of a task's declared shapes. */
export interface TaskContract {
  kwargs: JsonSchema | null;
  result: JsonSchema | null;
  /** The task's most recent successful result, for a skip's simulated result when no schema says. */
  lastResult: { instance: string; result: Record<string, unknown> } | null;
}

/** One problem of a value against a schema, in the server's own words. */
export interface SchemaIssue {
  /** Dot path ('' for the root; array indexes as numbers: `pages.0.answers`). */
  path: string;
  message: string;
  /** The task whose schema asks for it (firing a trigger checks every task waiting on it). */
  task?: string;
}

/** What the forms call to check their JSON as one types (a read-only server action). */
export type ValidateJson = (json: string) => Promise<SchemaIssue[]>;

/** `path: message`, prefixed with the task when the issue names one. */
export function describeIssue(issue: SchemaIssue): string {
  const where = issue.path === '' ? '(the whole value)' : issue.path;
  return `${issue.task ? `${issue.task}: ` : ''}${where}: ${issue.message}`;
}

function isIssue(value: unknown): value is SchemaIssue {
  if (value === null || typeof value !== 'object') return false;
  const { path, message, task } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string' && (task === undefined || typeof task === 'string');
}

/**
 * The schema issues a value carries, if any: a refused action's `issues`, or a ValidationError's
 * `exceptionContext.issues`. Anything else (older rows, other errors) gives none.
 */
export function issuesOf(value: unknown): SchemaIssue[] {
  if (value === null || typeof value !== 'object') return [];
  const issues = (value as { issues?: unknown }).issues;
  return Array.isArray(issues) ? issues.filter(isIssue) : [];
}

/** The argument of the read-only `validateAgainstSchemaAction` (a route's actions). */
export interface ValidateAgainstSchemaInput {
  uid: string;
  instance?: string;
  trigger?: string;
  kind: 'replay' | 'skip' | 'fire';
  json: string;
}

/** Its answer: the server's issues for that text, in its own words. */
export type ValidateAgainstSchemaResult = { ok: true; issues: SchemaIssue[] } | { ok: false; message: string };

/** The server action as pages hand it to the forms. */
export type ValidateAgainstSchema = (input: ValidateAgainstSchemaInput) => Promise<ValidateAgainstSchemaResult>;
