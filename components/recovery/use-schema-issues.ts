'use client';

import { useCallback, useRef, useState } from 'react';
import {
  issuesOf,
  type SchemaIssue,
  type ValidateAgainstSchema,
  type ValidateAgainstSchemaInput,
  type ValidateJson,
} from '@/lib/validations/schema-issues';

/** What a form asks the live check about, besides its text. */
export type SchemaCheckTarget = ValidateAgainstSchemaInput extends infer U ? (U extends unknown ? Omit<U, 'json'> : never) : never;

/**
 * The live check of one form's JSON: the server's issues for `target`. Text the browser's own
 * check already refuses (`localProblem`: too big, not JSON) is not sent, and shows no schema issue.
 */
export function liveSchemaCheck(
  validateAction: ValidateAgainstSchema,
  target: SchemaCheckTarget,
  localProblem: (json: string) => string | null,
): ValidateJson {
  return (json) =>
    localProblem(json)
      ? Promise.resolve([])
      : validateAction({ ...target, json } as ValidateAgainstSchemaInput).then((answer) => (answer.ok ? answer.issues : []));
}

/**
 * The schema issues a form shows: asked from the server as one types (`onValidate`, which the
 * editor calls debounced; an answer to older text is dropped), and replaced by the issues of a
 * refused submit when one comes back in the form's state. A failed check shows nothing new: the
 * submit is checked again on the server anyway.
 */
export function useSchemaIssues(validate: ValidateJson | null | undefined, state: unknown) {
  const [issues, setIssues] = useState<SchemaIssue[]>([]);
  const [seenState, setSeenState] = useState<unknown>(state);
  if (state !== seenState) {
    setSeenState(state);
    const refused = issuesOf(state);
    if (refused.length > 0) setIssues(refused);
  }
  const ticket = useRef(0);
  const onValidate = useCallback(
    (json: string) => {
      if (!validate) return;
      const mine = ++ticket.current;
      validate(json).then(
        (found) => {
          if (mine === ticket.current) setIssues(found);
        },
        () => undefined,
      );
    },
    [validate],
  );
  const clear = useCallback(() => {
    ticket.current += 1;
    setIssues([]);
  }, []);
  return { issues, onValidate: validate ? onValidate : undefined, clear };
}
