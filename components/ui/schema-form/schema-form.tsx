'use client';

import type { JsonSchema, SchemaIssue } from '@/lib/validations/schema-issues';
import { secondaryButton } from '@/components/ui/button';
import { BooleanInput, EnumInput, LeafFrame, NumberInput, OpaqueValue, StringInput } from './inputs';
import { shapeOf, templateFromSchema } from './schema';
import { dotPath, setAt, type Path } from './value';

interface Context {
  root: JsonSchema;
  idPrefix: string;
  messagesAt: (path: string) => string[];
  disabled?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const idOf = (prefix: string, path: Path) => `${prefix}-${path.map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-') || 'root'}`;
const smallButton = `${secondaryButton} !px-2 !py-0.5 text-xs`;

/**
 * Inputs generated from a JSON Schema, editing `value` (what the JSON view shows): strings,
 * numbers, booleans, enums as selects, objects as fieldsets (legend = key), arrays with add and
 * remove. Each input is labelled by its key and shows its path; `issues` (the server's words) show
 * under the input at their path. Every edit calls `onChange` with the whole new value.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  idPrefix,
  issues = [],
  disabled,
}: {
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  idPrefix: string;
  issues?: readonly SchemaIssue[];
  disabled?: boolean;
}) {
  const context: Context = {
    root: schema,
    idPrefix,
    disabled,
    messagesAt: (path) => issues.filter((issue) => issue.path === path).map((issue) => (issue.task ? `${issue.task}: ${issue.message}` : issue.message)),
  };
  return (
    <div className="space-y-3" data-testid={`${idPrefix}-schema-form`}>
      <SchemaField
        name=""
        path={[]}
        schema={schema}
        value={value}
        required
        context={context}
        onChange={(next) => onChange(next === undefined ? {} : next)}
      />
    </div>
  );
}

function SchemaField({
  name,
  path,
  schema,
  value,
  required,
  context,
  onChange,
}: {
  name: string;
  path: Path;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  context: Context;
  onChange: (value: unknown) => void;
}) {
  const shape = shapeOf(schema, context.root);
  const leaf = {
    id: idOf(context.idPrefix, path),
    label: name || '(value)',
    path: dotPath(path) || '(the whole value)',
    value,
    onChange,
    required,
    messages: context.messagesAt(dotPath(path)),
    disabled: context.disabled,
  };
  switch (shape.kind) {
    case 'string':
      return <StringInput {...leaf} shape={shape} />;
    case 'number':
    case 'integer':
      return <NumberInput {...leaf} integer={shape.kind === 'integer'} nullable={shape.nullable} />;
    case 'boolean':
      return <BooleanInput {...leaf} />;
    case 'enum':
      return <EnumInput {...leaf} options={shape.options} />;
    case 'unknown':
      return <OpaqueValue {...leaf} />;
    case 'object': {
      if (!isRecord(value)) return <Missing {...leaf} what="an object" create={() => onChange(templateFromSchema(schema, context.root))} />;
      const declared = new Set(shape.properties.map(([key]) => key));
      const extra = Object.keys(value).filter((key) => !declared.has(key));
      const body = (
        <>
          {shape.properties.map(([key, property]) => (
            <SchemaField
              key={key}
              name={key}
              path={[...path, key]}
              schema={property}
              value={value[key]}
              required={shape.required.includes(key)}
              context={context}
              onChange={(next) => onChange(setAt(value, [key], next))}
            />
          ))}
          {shape.additional
            ? extra.map((key) => (
                <SchemaField
                  key={key}
                  name={key}
                  path={[...path, key]}
                  schema={shape.additional!}
                  value={value[key]}
                  required
                  context={context}
                  onChange={(next) => onChange(setAt(value, [key], next))}
                />
              ))
            : null}
          {extra.length > 0 && !shape.additional ? (
            <p className="text-xs text-zinc-500">
              Also in the JSON, not in the schema: {extra.map((key) => <code key={key} className="mr-1 font-mono">{key}</code>)}(edit
              them in the JSON view).
            </p>
          ) : null}
          <Messages {...leaf} />
        </>
      );
      if (path.length === 0) return <div className="space-y-3">{body}</div>;
      return (
        <fieldset className="space-y-3 rounded-md border border-zinc-200 px-3 pt-1 pb-3" data-path={leaf.path}>
          <legend className="px-1 text-sm font-semibold text-zinc-900">
            {name} <span className="font-mono text-[11px] font-normal text-zinc-500">{leaf.path}</span>
          </legend>
          {body}
          {!required ? (
            <button type="button" className={smallButton} disabled={context.disabled} onClick={() => onChange(undefined)}>
              Remove {name}
            </button>
          ) : null}
        </fieldset>
      );
    }
    case 'array': {
      if (!Array.isArray(value)) return <Missing {...leaf} what="a list" create={() => onChange(templateFromSchema(schema, context.root))} />;
      const items = shape.items;
      return (
        <fieldset className="space-y-3 rounded-md border border-zinc-200 px-3 pt-1 pb-3" data-path={leaf.path}>
          <legend className="px-1 text-sm font-semibold text-zinc-900">
            {name || 'items'} <span className="font-mono text-[11px] font-normal text-zinc-500">{leaf.path}</span>
          </legend>
          {value.length === 0 ? <p className="text-xs text-zinc-500">Empty list.</p> : null}
          {value.map((item, index) => (
            <div key={index} className="flex items-start gap-2">
              <div className="min-w-0 flex-1">
                {items ? (
                  <SchemaField
                    name={`${name}[${index}]`}
                    path={[...path, index]}
                    schema={items}
                    value={item}
                    required
                    context={context}
                    onChange={(next) => onChange(setAt(value, [index], next === undefined ? null : next))}
                  />
                ) : (
                  <OpaqueValue {...leaf} id={idOf(context.idPrefix, [...path, index])} label={`${name}[${index}]`} value={item} />
                )}
              </div>
              <button
                type="button"
                className={`${smallButton} mt-6`}
                disabled={context.disabled}
                aria-label={`Remove ${name}[${index}]`}
                onClick={() => onChange(value.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className={smallButton}
            disabled={context.disabled}
            onClick={() => onChange([...value, items ? templateFromSchema(items, context.root) : null])}
          >
            Add to {name || 'the list'}
          </button>
          <Messages {...leaf} />
        </fieldset>
      );
    }
  }
}

/** The issues at an object's or list's own path (a missing key is reported on its parent). */
function Messages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={`${id}-issues`} className="space-y-0.5 text-xs text-red-700">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** An object or list that is absent (optional) or of another type: a button creates it. */
function Missing(props: { id: string; label: string; path: string; messages: string[]; value: unknown; what: string; create: () => void; required: boolean; disabled?: boolean }) {
  const { value, what, create, label, disabled } = props;
  return (
    <LeafFrame {...props}>
      <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600">
        {value === undefined ? `Not set${props.required ? ' (required)' : ''}.` : `Is ${JSON.stringify(value).slice(0, 60)}, not ${what}.`}
        <button id={props.id} type="button" className={smallButton} disabled={disabled} onClick={create}>
          {value === undefined ? `Add ${label}` : `Replace with ${what}`}
        </button>
      </p>
    </LeafFrame>
  );
}
