import { describeIssue, type SchemaIssue } from '@/lib/validations/schema-issues';
import { lineOf, rangeOfPath } from './json-paths';

/**
 * The schema issues under the editor, `path: message` each (with its line); picking one selects
 * its node in the editor. The list is a live region: it changes as one types.
 */
export function SchemaIssueList({
  id,
  issues,
  text,
  onPick,
}: {
  id: string;
  issues: readonly SchemaIssue[];
  text: string;
  onPick: (path: string) => void;
}) {
  if (issues.length === 0) return <div id={id} aria-live="polite" data-testid={id} data-count={0} />;
  return (
    <div id={id} aria-live="polite" data-testid={id} data-count={issues.length} className="mt-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-medium">
        {issues.length === 1 ? 'One problem' : `${issues.length} problems`} against the task&apos;s schema:
      </p>
      <ul className="mt-1 space-y-0.5">
        {issues.map((issue) => {
          const range = rangeOfPath(text, issue.path);
          return (
            <li key={`${issue.task ?? ''}|${issue.path}|${issue.message}`}>
              <button type="button" className="text-left underline decoration-red-300 underline-offset-2 hover:decoration-red-700" onClick={() => onPick(issue.path)}>
                <span className="font-mono text-[13px]">{describeIssue(issue)}</span>
              </button>
              {range ? <span className="ml-2 text-xs text-red-700">line {lineOf(text, range.from)}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
