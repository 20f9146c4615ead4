/**
 * A service's typed refusal (the ActionResult the dashboard's forms show) as the API's problem:
 * the same words, with a status and a stable type per code.
 */
import type { ActionResult, FailureCode } from '@/lib/actions/result';
import { problemResponse, type FieldError, type ProblemCode } from './problem';

const PROBLEM_OF: Record<FailureCode, ProblemCode> = {
  'invalid-input': 'validation',
  'schema': 'schema',
  'not-found': 'not-found',
  'already-handled': 'conflict',
  'rejected': 'rejected',
  'unauthenticated': 'unauthenticated',
  'forbidden': 'forbidden',
  'confirm-empty-cascade': 'confirm-empty-cascade',
  'conflict': 'conflict',
};

export function serviceProblem(result: Extract<ActionResult<unknown>, { ok: false }>): Response {
  const code = result.code ? PROBLEM_OF[result.code] : 'rejected';
  // Schema issues carry their own paths (the form's field errors only restate them as lines).
  const errors: FieldError[] = result.issues?.length
    ? result.issues.map((issue) => ({ path: issue.path, message: issue.task ? `${issue.message} (task ${issue.task})` : issue.message }))
    : Object.entries(result.fieldErrors ?? {}).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
  // The forms' "tick “Replay anyway”" is the body's `override: true` here (a fire's `?override=true`).
  const detail = code === 'schema' ? result.message.replace(/tick “[^”]*”/, 'send `override: true` (when firing: `?override=true`)') : result.message;
  return problemResponse(code, detail, errors.length ? { errors } : {});
}
