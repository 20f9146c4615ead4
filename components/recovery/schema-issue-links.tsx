'use client';

import type { SchemaIssue } from '@/lib/validations/schema-issues';
import { revealKwargsPath } from './reveal-event';

/**
 * A ValidationError's schema issues as path → message. With a replay form on the page, each one
 * is a link to it that opens the replay editor at that path (node selected, editor focused).
 */
export function SchemaIssueLinks({ issues, replayable }: { issues: readonly SchemaIssue[]; replayable: boolean }) {
  return (
    <div>
      <h3 className="mb-1.5 text-sm font-semibold text-zinc-900">Schema issues</h3>
      <ul className="space-y-1 text-sm" data-testid="exception-schema-issues">
        {issues.map((issue) => (
          <li key={`${issue.path}|${issue.message}`} className="flex flex-wrap items-baseline gap-2">
            {replayable ? (
              <a
                href="#replay"
                className="font-mono text-[13px] text-sky-800 underline underline-offset-4"
                onClick={() => revealKwargsPath(issue.path)}
                title="Open the replay editor at this path"
              >
                {issue.path === '' ? '(the whole value)' : issue.path}
              </a>
            ) : (
              <code className="font-mono text-[13px] text-zinc-900">{issue.path === '' ? '(the whole value)' : issue.path}</code>
            )}
            <span aria-hidden="true" className="text-zinc-500">
              →
            </span>
            <span className="text-zinc-800">{issue.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
