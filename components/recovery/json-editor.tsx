'use client';

import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCspNonce } from '@/components/providers';
import type { JsonSchema, SchemaIssue } from '@/lib/validations/schema-issues';
import { formatJson } from './json-text';
import { rangeOfPath } from './json-paths';
import { EDIT_EVENT, EDITOR_KEYS_HINT, editorKeyboard } from './editor-keyboard';
import { issuesChanged, schemaAutocompletion, schemaIssuesLinter } from './schema-extensions';
import { SchemaIssueList } from './schema-issue-list';
import { secondaryButton } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field';

/** How long the text must rest before `onValidate` is called. */
export const VALIDATE_DEBOUNCE_MS = 300;

const NO_ISSUES: readonly SchemaIssue[] = [];

/** Asks the editor to select the node at `path` and take the focus (a new `seq` asks again). */
export interface RevealRequest {
  path: string;
  seq: number;
}

/**
 * A JSON code editor (CodeMirror 6: highlighting, bracket matching, inline syntax errors) whose
 * text is submitted with the form through a hidden input named `name`. The editable area is
 * labelled by the visible label, so `getByLabel(label)` / `getByRole('textbox', { name })` find it.
 *
 * With a JSON Schema it completes keys and enum values (Ctrl+Space, or while typing); `issues`
 * (the server's check of the text) are marked at their path and listed under the editor, where
 * clicking one selects its node. `onValidate(text)` is called once the text has rested
 * VALIDATE_DEBOUNCE_MS and parses, so the form can ask the server for the issues.
 */
export function JsonEditor({
  id,
  name,
  label,
  hint,
  value,
  onChange,
  problem,
  serverErrors,
  disabled = false,
  minHeight = '8rem',
  schema = null,
  issues = NO_ISSUES,
  onValidate,
  reveal = null,
}: {
  id: string;
  /** Left out, the text is not submitted (the replay form's original-kwargs mode ignores it). */
  name?: string;
  label: string;
  hint?: React.ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The live validation message, if the text is wrong. */
  problem: string | null;
  serverErrors?: readonly string[];
  disabled?: boolean;
  minHeight?: string;
  schema?: JsonSchema | null;
  issues?: readonly SchemaIssue[];
  onValidate?: (text: string) => void;
  reveal?: RevealRequest | null;
}) {
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const serverErrorId = `${id}-server-error`;
  const issuesId = `${id}-issues`;
  const keysId = `${id}-keys`;
  // Issues are only placed on text that parses (a syntax error comes first).
  const shownIssues = problem === null ? issues : NO_ISSUES;
  const invalid = problem !== null || (serverErrors?.length ?? 0) > 0 || shownIssues.length > 0;
  const describedBy = [
    hint ? hintId : null,
    keysId,
    problem ? errorId : null,
    serverErrors?.length ? serverErrorId : null,
    shownIssues.length > 0 ? issuesId : null,
  ]
    .filter(Boolean)
    .join(' ');
  const nonce = useCspNonce();
  const editor = useRef<ReactCodeMirrorRef>(null);
  useEffect(() => {
    editor.current?.view?.dispatch({ effects: issuesChanged.of(shownIssues) });
  }, [shownIssues]);

  // Ask for the server's check once the text rests (and parses).
  const validateRef = useRef(onValidate);
  useEffect(() => {
    validateRef.current = onValidate;
  });
  useEffect(() => {
    if (problem !== null || !validateRef.current) return;
    const timer = setTimeout(() => validateRef.current?.(value), VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, problem]);

  // The `e` shortcut: focus the editor to type in it (Tab indenting at once).
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const edit = () => {
      const view = editor.current?.view;
      if (!view) return;
      view.focus();
      view.setTabFocusMode(false);
    };
    element.addEventListener(EDIT_EVENT, edit);
    return () => element.removeEventListener(EDIT_EVENT, edit);
  }, []);

  const [localReveal, setLocalReveal] = useState<RevealRequest | null>(null);
  const target = [reveal, localReveal].reduce<RevealRequest | null>((a, b) => (b && (!a || b.seq > a.seq) ? b : a), null);
  useEffect(() => {
    const view = editor.current?.view;
    if (target && view) selectPath(view, target.path);
  }, [target]);

  const extensions = useMemo(
    () => [
      // CodeMirror adds its styles in a <style> element: the CSP admits it with the nonce.
      ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
      editorKeyboard(),
      json(),
      linter(jsonParseLinter(), { delay: 250 }),
      schemaIssuesLinter(),
      ...(schema ? [schemaAutocompletion(schema)] : []),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-labelledby': labelId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        'aria-invalid': String(invalid),
        'data-testid': `${id}-editor`,
      }),
    ],
    [labelId, describedBy, invalid, id, nonce, schema],
  );
  const formatted = formatJson(value);

  return (
    <div>
      <div className="mb-1 flex items-end justify-between gap-2">
        <label id={labelId} htmlFor={id} className="text-sm font-medium text-zinc-900">
          {label}
        </label>
        <button
          type="button"
          className={secondaryButton}
          disabled={disabled || formatted === null || formatted === value}
          onClick={() => formatted !== null && onChange(formatted)}
          title={formatted === null ? 'Fix the JSON first' : 'Re-indent the JSON (2 spaces)'}
        >
          Format
        </button>
      </div>
      {hint ? (
        <p id={hintId} className="mb-2 text-xs text-zinc-600">
          {hint}
        </p>
      ) : null}
      <input type="hidden" id={id} name={name} value={value} />
      <div
        ref={wrapper}
        data-editor={id}
        className={`overflow-hidden rounded-md border text-[13px] ${invalid ? 'border-red-400' : 'border-zinc-300'} focus-within:ring-2 focus-within:ring-zinc-300`}
      >
        <CodeMirror
          ref={editor}
          // The view is created after the first effects ran: hand it what they could not.
          onCreateEditor={(view) => {
            view.dispatch({ effects: issuesChanged.of(shownIssues) });
            if (target) selectPath(view, target.path);
          }}
          value={value}
          onChange={onChange}
          extensions={extensions}
          editable={!disabled}
          minHeight={minHeight}
          maxHeight="24rem"
          basicSetup={{ foldGutter: true, highlightActiveLine: true, autocompletion: false, searchKeymap: false }}
        />
      </div>
      <p id={keysId} className="mt-1 text-xs text-zinc-600" data-testid={`${id}-keys`}>
        {EDITOR_KEYS_HINT}
      </p>
      {problem ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700" data-testid={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      {!problem ? <FieldError id={serverErrorId} messages={serverErrors} /> : null}
      <SchemaIssueList
        id={issuesId}
        issues={shownIssues}
        text={value}
        onPick={(path) => setLocalReveal({ path, seq: Date.now() })}
      />
    </div>
  );
}

/** Selects the node at an issue's path (or the key nearest to it), scrolls to it and focuses. */
function selectPath(view: EditorView, path: string): void {
  const range = rangeOfPath(view.state.doc.toString(), path);
  if (range) view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
  view.focus();
}
