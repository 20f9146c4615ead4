'use client';

import { useMemo, useState, type KeyboardEvent } from 'react';
import { SchemaForm } from '@/components/ui/schema-form/schema-form';
import type { JsonSchema, SchemaIssue } from '@/lib/validations/schema-issues';
import { JsonEditor, type RevealRequest } from './json-editor';
import { SchemaIssueList } from './schema-issue-list';

type Tab = 'json' | 'form';
type EditorProps = React.ComponentProps<typeof JsonEditor>;

/**
 * A JSON field that knows its JSON Schema: a **JSON** tab (the code editor, issues marked at their
 * path) and a **Form** tab (inputs generated from the schema). Both edit the same text: the form
 * rewrites it pretty-printed. While the text is not valid JSON the Form tab is disabled, and says
 * why. Without a schema it is the plain editor.
 */
export function TypedJsonField(props: EditorProps & { schema: JsonSchema | null }) {
  const { id, schema, value, onChange, problem, disabled, reveal = null } = props;
  const [tab, setTab] = useState<Tab>('json');
  const [localReveal, setLocalReveal] = useState<RevealRequest | null>(null);
  // A request to show a path (an issue picked elsewhere on the page) brings the JSON tab forward.
  const [seenReveal, setSeenReveal] = useState<number | null>(null);
  if (reveal && reveal.seq !== seenReveal) {
    setSeenReveal(reveal.seq);
    setTab('json');
  }
  const parsed = useMemo(() => {
    if (problem !== null) return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }, [value, problem]);
  if (!schema) return <JsonEditor {...props} />;

  const formBlocked = parsed === undefined;
  const active: Tab = formBlocked ? 'json' : tab;
  const blockedId = `${id}-form-blocked`;
  const tabs: { key: Tab; label: string }[] = [
    { key: 'json', label: 'JSON' },
    { key: 'form', label: 'Form' },
  ];
  const choose = (next: Tab) => {
    if (next === 'form' && formBlocked) return;
    setTab(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next: Tab = event.key === 'Home' ? 'json' : event.key === 'End' ? 'form' : active === 'json' ? 'form' : 'json';
    choose(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  const newer = [reveal, localReveal].reduce<RevealRequest | null>((a, b) => (b && (!a || b.seq > a.seq) ? b : a), null);

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <div role="tablist" aria-label={`${props.label}: edit as`} className="inline-flex rounded-md border border-zinc-300 bg-zinc-50 p-0.5">
          {tabs.map(({ key, label }) => {
            const selected = active === key;
            const blocked = key === 'form' && formBlocked;
            return (
              <button
                key={key}
                type="button"
                role="tab"
                id={`${id}-tab-${key}`}
                aria-selected={selected}
                aria-controls={`${id}-panel-${key}`}
                aria-disabled={blocked || undefined}
                aria-describedby={blocked ? blockedId : undefined}
                tabIndex={selected ? 0 : -1}
                onClick={() => choose(key)}
                onKeyDown={onKeyDown}
                className={`rounded px-3 py-1 text-sm font-medium ${selected ? 'bg-white text-zinc-900 shadow-sm' : 'text-zinc-600 hover:text-zinc-900'} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
              >
                {label}
              </button>
            );
          })}
        </div>
        {formBlocked ? (
          <span id={blockedId} className="text-xs text-zinc-600" data-testid={blockedId}>
            The Form view needs valid JSON: fix the text first.
          </span>
        ) : null}
      </div>
      <div role="tabpanel" id={`${id}-panel-json`} aria-labelledby={`${id}-tab-json`} hidden={active !== 'json'}>
        <JsonEditor {...props} reveal={newer} />
      </div>
      <div role="tabpanel" id={`${id}-panel-form`} aria-labelledby={`${id}-tab-form`} hidden={active !== 'form'} className="space-y-3">
        {active === 'form' ? (
          <>
            <p className="text-sm font-medium text-zinc-900">
              {props.label} <span className="text-xs font-normal text-zinc-600">— each input edits the JSON (its path under it).</span>
            </p>
            <SchemaForm
              schema={schema}
              value={parsed}
              idPrefix={`${id}-form`}
              issues={props.issues}
              disabled={disabled}
              onChange={(next) => onChange(JSON.stringify(next, null, 2))}
            />
            <SchemaIssueList
              id={`${id}-form-issues`}
              issues={(props.issues ?? []) as readonly SchemaIssue[]}
              text={value}
              onPick={(path) => {
                setTab('json');
                setLocalReveal({ path, seq: Date.now() });
              }}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
