'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { instanceHref, sessionHref } from '@/lib/routes';
import { searchApiHref, searchHref } from '@/lib/search/url';

/** One hit as /api/search answers it (lib/search jumpTargets). */
export interface PaletteItem {
  kind: 'session' | 'instance';
  sessionUid: string;
  name: string | null;
  /** The instance's status now (a failure may have been replayed or skipped since). */
  status: string | null;
  detail: string | null;
}

const DEBOUNCE_MS = 150;

const hrefOf = (item: PaletteItem) => (item.kind === 'instance' && item.name ? instanceHref(item.sessionUid, item.name) : sessionHref(item.sessionUid));

/**
 * Ctrl/Cmd+K from any signed-in page: a dialog with one input that lists sessions and failed
 * instances matching by uid, name or text (the search service, through /api/search), debounced.
 * Arrow keys move, Enter jumps, Esc closes and gives focus back to where it was.
 */
export function CommandPalette() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  // The matches and the text they answer: stale matches of an older text are never offered.
  const [found, setFound] = useState<{ q: string; items: PaletteItem[] }>({ q: '', items: [] });
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<'idle' | 'loading' | 'done' | 'error'>('idle');
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const ids = useId();
  const titleId = `${ids}-title`;
  const listId = `${ids}-list`;

  const close = useCallback(() => {
    setOpen(false);
    const target = returnFocus.current;
    returnFocus.current = null;
    // After the dialog is gone from the page, or the focus would land on nothing.
    requestAnimationFrame(() => target?.focus());
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      setOpen((wasOpen) => {
        if (!wasOpen) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        return true;
      });
      requestAnimationFrame(() => input.current?.select());
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const q = text.trim();
    if (!q) return; // nothing is shown for an empty field (see `shown`)
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      fetch(searchApiHref(q), { signal: abort.signal, headers: { accept: 'application/json' } })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          const body = (await response.json()) as { items: PaletteItem[] };
          setFound({ q, items: body.items });
          setActive(0);
          setStatus('done');
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) setStatus('error');
          void error;
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, open]);

  if (!open) return null;
  const empty = !text.trim();
  const shown = empty || found.q !== text.trim() ? [] : found.items;
  const shownStatus = empty ? 'idle' : status;

  const jump = (item: PaletteItem | undefined) => {
    if (!item) return;
    setOpen(false);
    returnFocus.current = null;
    router.push(hrefOf(item));
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => (shown.length ? (i + 1) % shown.length : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (shown.length ? (i - 1 + shown.length) % shown.length : 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (shown[active]) jump(shown[active]);
      else if (text.trim()) {
        setOpen(false);
        router.push(searchHref(text.trim()));
      }
    } else if (event.key === 'Tab') {
      event.preventDefault(); // one field: focus stays in the dialog
    }
  };

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-zinc-900/40 px-4 pt-[12vh]" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-xl overflow-hidden rounded-lg bg-white shadow-xl ring-1 ring-zinc-900/10">
        <h2 id={titleId} className="sr-only">
          Jump to a session or instance
        </h2>
        <input
          ref={input}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          maxLength={200}
          role="combobox"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
          aria-label="Session uid, instance name or text"
          placeholder="Jump to a session uid, an instance, an email…"
          className="w-full border-b border-zinc-200 px-4 py-3 text-base text-zinc-900 placeholder:text-zinc-500 focus:outline-none"
        />
        <ul id={listId} role="listbox" aria-label="Matches" className="max-h-80 overflow-y-auto py-1">
          {shown.map((item, i) => (
            <li
              key={`${item.sessionUid}/${item.name ?? ''}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onClick={() => jump(item)}
              className={`cursor-pointer px-4 py-2 ${i === active ? 'bg-zinc-100' : ''}`}
            >
              <span className="block font-mono text-sm text-zinc-900">
                {item.kind === 'instance' ? `${item.sessionUid} / ${item.name}` : item.sessionUid}
                <span className="ml-2 font-sans text-xs text-zinc-600">{item.kind === 'instance' ? `${item.status ?? 'failed'} instance` : 'session'}</span>
              </span>
              {item.detail ? <span className="block truncate text-xs text-zinc-600">{item.detail}</span> : null}
            </li>
          ))}
        </ul>
        <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600" aria-live="polite">
          {shownStatus === 'loading'
            ? 'Searching…'
            : shownStatus === 'error'
              ? 'The search failed; try again.'
              : shownStatus === 'done' && shown.length === 0
                ? 'No match. Enter searches everywhere.'
                : '↑ ↓ to move · Enter to open · Esc to close'}
        </p>
      </div>
    </div>
  );
}
