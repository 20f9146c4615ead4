'use client';

import { useState } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';

/** A JSON value as a collapsible tree of <details>, with syntax colours; all text escaped by React. */
function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-zinc-500">null</span>;
  switch (typeof value) {
    case 'string':
      return <span className="whitespace-pre-wrap break-all text-emerald-700">{JSON.stringify(value)}</span>;
    case 'number':
      return <span className="text-blue-700">{String(value)}</span>;
    case 'boolean':
      return <span className="text-amber-700">{String(value)}</span>;
    default:
      return <span className="text-zinc-500">{JSON.stringify(value) ?? 'undefined'}</span>;
  }
}

function Key({ name }: { name: string | number }) {
  return typeof name === 'number' ? (
    <span className="text-zinc-500">{name}: </span>
  ) : (
    <span className="text-violet-700">{JSON.stringify(name)}: </span>
  );
}

function Node({ name, value, depth, openDepth }: { name: string | number | null; value: unknown; depth: number; openDepth: number }) {
  const isArray = Array.isArray(value);
  if (value === null || typeof value !== 'object') {
    return (
      <div className="pl-4">
        {name !== null ? <Key name={name} /> : null}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string | number, unknown][] = isArray
    ? (value as unknown[]).map((item, i) => [i, item])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {name !== null ? <Key name={name} /> : null}
        <span className="text-zinc-500">{open + close}</span>
      </div>
    );
  }
  return <Branch name={name} entries={entries} isArray={isArray} depth={depth} openDepth={openDepth} />;
}

function Branch({
  name,
  entries,
  isArray,
  depth,
  openDepth,
}: {
  name: string | number | null;
  entries: [string | number, unknown][];
  isArray: boolean;
  depth: number;
  openDepth: number;
}) {
  // Tracked per node (nested <details> cannot style themselves from a shared `group`).
  const [isOpen, setOpen] = useState(depth < openDepth);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const count = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`;
  return (
    <details open={isOpen} onToggle={(event) => setOpen(event.currentTarget.open)} className="pl-4">
      <summary className="-ml-4 cursor-pointer list-none rounded pl-4 hover:bg-zinc-100 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="-ml-4 inline-block w-4 text-center text-[10px] text-zinc-500">
          {isOpen ? '▼' : '▶'}
        </span>
        {name !== null ? <Key name={name} /> : null}
        <span className="text-zinc-500">{open}</span>
        {isOpen ? null : (
          <span className="text-zinc-500">
            {' '}
            {count} {close}
          </span>
        )}
      </summary>
      {isOpen
        ? entries.map(([key, child]) => <Node key={key} name={key} value={child} depth={depth + 1} openDepth={openDepth} />)
        : null}
      <div className="text-zinc-500">{close}</div>
    </details>
  );
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP deployments have no Clipboard API: fall back to a selected textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy command refused');
}

/**
 * The debug snapshot viewer: toolbar (expand, collapse, copy, download) and the tree. A large
 * snapshot is not sent with the page (`value` undefined): it loads from `downloadHref` on request.
 */
export function JsonTree({
  value: initial,
  downloadHref,
  downloadName,
  deferredReason,
}: {
  value?: unknown;
  downloadHref: string;
  downloadName: string;
  deferredReason?: string;
}) {
  const [loaded, setLoaded] = useState<{ state: 'idle' | 'loading' | 'failed' } | { state: 'done'; value: unknown }>(
    initial === undefined ? { state: 'idle' } : { state: 'done', value: initial },
  );
  const value = loaded.state === 'done' ? loaded.value : undefined;
  const load = () => {
    setLoaded({ state: 'loading' });
    fetch(downloadHref, { cache: 'no-store' })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json() as Promise<unknown>;
      })
      .then(
        (json) => setLoaded({ state: 'done', value: json }),
        () => setLoaded({ state: 'failed' }),
      );
  };
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  // Expand/collapse all remounts the tree with every node open (or only the root).
  const [view, setView] = useState({ openDepth: 2, generation: 0 });
  const setAll = (open: boolean) => setView((v) => ({ openDepth: open ? Infinity : 1, generation: v.generation + 1 }));
  const button =
    'rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 disabled:cursor-not-allowed disabled:opacity-50';
  return (
    <div className="rounded-lg border border-zinc-200 bg-white shadow-xs">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-2">
        <button type="button" className={button} onClick={() => setAll(true)} disabled={value === undefined}>
          Expand all
        </button>
        <button type="button" className={button} onClick={() => setAll(false)} disabled={value === undefined}>
          Collapse all
        </button>
        <span className="mx-1 h-4 w-px bg-zinc-300" aria-hidden />
        <button
          type="button"
          className={button}
          disabled={value === undefined}
          title={value === undefined ? 'Load the snapshot first, or download it' : undefined}
          onClick={() => {
            copyText(JSON.stringify(value, null, 2)).then(
              () => setCopyState('copied'),
              () => setCopyState('failed'),
            );
            window.setTimeout(() => setCopyState('idle'), 2500);
          }}
        >
          Copy JSON
        </button>
        <a href={downloadHref} download={downloadName} className={button}>
          Download
        </a>
        <span role="status" className="text-xs text-zinc-600">
          {copyState === 'copied' ? 'Copied to the clipboard.' : copyState === 'failed' ? 'Copy failed: use Download instead.' : ''}
        </span>
      </div>
      <ScrollRegion label="Snapshot as a tree" className="max-h-[36rem] overflow-auto p-3 font-mono text-xs leading-5 text-zinc-800" testId="json-tree">
        {loaded.state === 'done' ? (
          <Node key={view.generation} name={null} value={value} depth={0} openDepth={view.openDepth} />
        ) : (
          <div className="px-1 py-4 font-sans text-sm text-zinc-600">
            <p>{deferredReason}</p>
            <p className="mt-2 flex flex-wrap items-center gap-3">
              <button type="button" className={button} onClick={load} disabled={loaded.state === 'loading'}>
                {loaded.state === 'loading' ? 'Loading…' : 'Show it here'}
              </button>
              {loaded.state === 'failed' ? <span className="text-red-700">Could not load the snapshot: try Download.</span> : null}
            </p>
          </div>
        )}
      </ScrollRegion>
    </div>
  );
}
