'use client';

import { useCallback, useRef, useState } from 'react';
import { issuesOf, type SchemaIssue, type ValidateJson } from '@/lib/validations/schema-issues';

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
