'use client';

import { useState, type ReactNode } from 'react';
import { inputClass } from '@/components/ui/field';
import type { FieldShape, Primitive } from './schema';

/** What each leaf input of the schema form is given. */
export interface LeafProps {
  id: string;
  /** The key (or `list[2]`), the input's label. */
  label: string;
  /** The dot path, shown under the label (the issues name it). */
  path: string;
  value: unknown;
  /** undefined removes the key (an optional field left empty). */
  onChange: (value: unknown) => void;
  required: boolean;
  messages: string[];
  disabled?: boolean;
}

/** Label, path, the control and this path's issues; the control is described by the path and issues. */
export function LeafFrame({ id, label, path, messages, children, inline = false }: Pick<LeafProps, 'id' | 'label' | 'path' | 'messages'> & { children: ReactNode; inline?: boolean }) {
  const labelEl = (
    <label htmlFor={id} className="text-sm font-medium text-zinc-900">
      {label}
    </label>
  );
  return (
    <div data-testid="schema-field" data-path={path}>
      {inline ? (
        <div className="flex items-center gap-2">
          {children}
          {labelEl}
        </div>
      ) : (
        <>
          {labelEl}
          {children}
        </>
      )}
      <p id={`${id}-path`} className="mt-0.5 font-mono text-[11px] text-zinc-500">
        {path}
      </p>
      {messages.length > 0 ? (
        <div id={`${id}-issues`} className="mt-0.5 space-y-0.5 text-xs text-red-700">
          {messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function controlAttributes(id: string, messages: string[]) {
  return {
    id,
    'aria-describedby': [`${id}-path`, messages.length > 0 ? `${id}-issues` : null].filter(Boolean).join(' '),
    'aria-invalid': messages.length > 0 ? true : undefined,
  } as const;
}

// No `type="email"`, `required` or `min` here: the browser's own checks would block the form's
// submit with their own words; the server's schema check says what is wrong.
const textClass = `mt-1 font-mono ${inputClass}`;

/** A string: what is typed is the value; emptied, an optional key goes away. */
export function StringInput(props: LeafProps & { shape: FieldShape }) {
  const { id, value, onChange, required, messages, disabled } = props;
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  return (
    <LeafFrame {...props}>
      <input
        {...controlAttributes(id, messages)}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder={value === null ? 'null' : props.shape.kind === 'string' && props.shape.format ? props.shape.format : undefined}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' && !required ? undefined : event.target.value)}
        className={textClass}
      />
    </LeafFrame>
  );
}

/**
 * A number: the text typed is kept while it is not a number yet ("1.", "-"), and sent as text
 * then (the server names the problem); once it reads as a number, the value is that number.
 */
export function NumberInput(props: LeafProps & { integer: boolean; nullable: boolean }) {
  const { id, value, onChange, required, messages, disabled, integer, nullable } = props;
  const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : value === null ? '' : '';
  const [draft, setDraft] = useState(shown);
  // The JSON view may change the value: show it unless the draft already reads as it.
  const text = Number(draft) === value && draft.trim() !== '' ? draft : shown;
  return (
    <LeafFrame {...props}>
      <input
        {...controlAttributes(id, messages)}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={text}
        placeholder={value === null ? 'null' : undefined}
        disabled={disabled}
        onChange={(event) => {
          const typed = event.target.value;
          setDraft(typed);
          if (typed.trim() === '') onChange(nullable ? null : required ? '' : undefined);
          else onChange(Number.isFinite(Number(typed)) ? Number(typed) : typed);
        }}
        className={textClass}
      />
    </LeafFrame>
  );
}

export function BooleanInput(props: LeafProps) {
  const { id, value, onChange, messages, disabled } = props;
  return (
    <LeafFrame {...props} inline>
      <input
        {...controlAttributes(id, messages)}
        type="checkbox"
        checked={value === true}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-1"
      />
    </LeafFrame>
  );
}

/** An enum (or union of constants) as a select; a value the schema does not allow stays visible. */
export function EnumInput(props: LeafProps & { options: Primitive[] }) {
  const { id, value, onChange, required, messages, disabled, options } = props;
  const current = value === undefined ? '' : JSON.stringify(value);
  const known = options.some((option) => JSON.stringify(option) === current);
  return (
    <LeafFrame {...props}>
      <select
        {...controlAttributes(id, messages)}
        value={current}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' ? (required ? null : undefined) : (JSON.parse(event.target.value) as unknown))}
        className={`mt-1 ${inputClass}`}
      >
        {value === undefined || !required ? <option value="">{required ? '— choose —' : '— not set —'}</option> : null}
        {!known && value !== undefined ? <option value={current}>{current} (not allowed)</option> : null}
        {options.map((option) => (
          <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </option>
        ))}
      </select>
    </LeafFrame>
  );
}

/** What the form cannot edit (a union of shapes, `any`): shown, and edited in the JSON view. */
export function OpaqueValue(props: LeafProps) {
  return (
    <LeafFrame {...props}>
      <p className="mt-1 rounded-md bg-zinc-50 px-2 py-1 font-mono text-xs text-zinc-700">
        <output id={props.id}>{props.value === undefined ? 'not set' : JSON.stringify(props.value)}</output>{' '}
        <span className="font-sans text-zinc-500">— edit this one in the JSON view.</span>
      </p>
    </LeafFrame>
  );
}
