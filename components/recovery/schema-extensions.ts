import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { describeIssue, type JsonSchema, type SchemaIssue } from '@/lib/validations/schema-issues';
import { rangeOfPath } from './json-paths';
import { schemaCompletions } from './schema-completion';

/** Dispatched when new issues arrive from the server: kept in the state, linted again at once. */
export const issuesChanged = StateEffect.define<readonly SchemaIssue[]>();

const issuesField = StateField.define<readonly SchemaIssue[]>({
  create: () => [],
  update: (issues, tr) => tr.effects.reduce((current, effect) => (effect.is(issuesChanged) ? effect.value : current), issues),
});

/**
 * The server's schema issues as CodeMirror diagnostics, each at its path in the current text
 * (underlined, in the gutter, with `path: message` on hover). The issues arrive after the text
 * was typed, and are placed again whenever the text changes.
 */
export function schemaIssuesLinter(): Extension {
  const lint = linter(
    (view: EditorView): Diagnostic[] => {
      const text = view.state.doc.toString();
      return view.state.field(issuesField).flatMap((issue) => {
        const range = rangeOfPath(text, issue.path);
        if (!range) return [];
        return [{ from: range.from, to: Math.max(range.to, range.from + 1), severity: 'error', source: 'schema', message: describeIssue(issue) }];
      });
    },
    {
      delay: 0,
      needsRefresh: (update) => update.transactions.some((tr) => tr.effects.some((effect) => effect.is(issuesChanged))),
    },
  );
  return [issuesField, lint];
}

/** Completes keys and enum values from the JSON Schema (see schemaCompletions). */
export function schemaAutocompletion(schema: JsonSchema): Extension {
  const source = (context: CompletionContext): CompletionResult | null => {
    const found = schemaCompletions(context.state.doc.toString(), context.pos, schema);
    if (!found) return null;
    // Unprompted, only offer while a key or value is being typed (not after every comma).
    if (!context.explicit && found.from === found.to && !context.matchBefore(/["\w]$/)) return null;
    return {
      from: found.from,
      to: found.to,
      // Labels are the inserted text (quotes included), so typing `"em` filters them; the list shows the bare key.
      options: found.options.map((option) => ({ label: option.apply, displayLabel: option.label, apply: option.apply, type: option.type, detail: option.detail })),
      filter: true,
    };
  };
  return autocompletion({ override: [source], activateOnTyping: true });
}
