/**
 * The shapes the typed-task contract (issue 15) hands to the browser: a task's JSON Schemas, its
 * most recent successful result, and the issues a value has against a schema. Plain data only, so
 * pages pass them to client forms; no zod here (the browser never re-implements the server's check).
 */

// One definition of each shape: the engine's (SchemaIssue, JsonSchema) and the contracts service's
// (TaskContract). Type-only imports: nothing of the engine or the server reaches the browser bundle.
import type { z } from 'zod';
import type { SchemaIssue } from '@/lib/triggers';
import type { validateAgainstSchemaSchema } from '@/lib/validations/recovery';
export type { JsonSchema, SchemaIssue } from '@/lib/triggers';
export type { TaskContract } from '@/lib/recovery/contracts';

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

/** The argument of the read-only `validateAgainstSchemaAction` (a route's actions), as the browser sends it. */
export type ValidateAgainstSchemaInput = z.input<typeof validateAgainstSchemaSchema>;

/** Its answer: the server's issues for that text, in its own words. */
export type ValidateAgainstSchemaResult = { ok: true; issues: SchemaIssue[] } | { ok: false; message: string };

/** The server action as pages hand it to the forms. */
export type ValidateAgainstSchema = (input: ValidateAgainstSchemaInput) => Promise<ValidateAgainstSchemaResult>;
