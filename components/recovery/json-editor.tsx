'use client';

import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { useCspNonce } from '@/components/providers';
import { formatJson } from './json-text';
import { secondaryButton } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field';

/**
 * A JSON code editor (CodeMirror 6: highlighting, bracket matching, inline syntax errors) whose
 * text is submitted with the form through a hidden input named `name`. The editable area is
 * labelled by the visible label, so `getByLabel(label)` / `getByRole('textbox', { name })` find it.
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
}) {
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const serverErrorId = `${id}-server-error`;
  const invalid = problem !== null || (serverErrors?.length ?? 0) > 0;
  const describedBy = [hint ? hintId : null, problem ? errorId : null, serverErrors?.length ? serverErrorId : null]
    .filter(Boolean)
    .join(' ');
  const nonce = useCspNonce();
  const extensions = useMemo(
    () => [
      // CodeMirror adds its styles in a <style> element: the CSP admits it with the nonce.
      ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
      json(),
      linter(jsonParseLinter(), { delay: 250 }),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-labelledby': labelId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        'aria-invalid': String(invalid),
        'data-testid': `${id}-editor`,
      }),
    ],
    [labelId, describedBy, invalid, id, nonce],
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
        className={`overflow-hidden rounded-md border text-[13px] ${invalid ? 'border-red-400' : 'border-zinc-300'} focus-within:ring-2 focus-within:ring-zinc-300`}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          extensions={extensions}
          editable={!disabled}
          minHeight={minHeight}
          maxHeight="24rem"
          basicSetup={{ foldGutter: true, highlightActiveLine: true, autocompletion: false, searchKeymap: false }}
        />
      </div>
      {problem ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700" data-testid={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      {!problem ? <FieldError id={serverErrorId} messages={serverErrors} /> : null}
    </div>
  );
}
