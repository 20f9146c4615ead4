'use client';

import { useEffect, useRef } from 'react';
import { EDIT_EVENT } from '@/components/recovery/editor-keyboard';
import { isTypingTarget, shortcutFor, SHORTCUTS, type ShortcutAction } from './keys';

/** Dispatched on `window` to open the shortcuts dialog (the "Keyboard shortcuts" buttons). */
export const SHOW_SHORTCUTS_EVENT = 'triggerboard:shortcuts';

const ROW = '[data-shortcut-row]';

/** The row of the inbox list that has the selection: the focused one, else the one marked. */
function selectedRow(): HTMLElement | null {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement ? active.closest<HTMLElement>(ROW) : null;
  return focused ?? document.querySelector<HTMLElement>(`${ROW}[data-selected="true"]`);
}

/** j/k: moves the selection (roving focus, marked data-selected for the ring) along the list. */
function moveSelection(step: 1 | -1): boolean {
  const rows = [...document.querySelectorAll<HTMLElement>(`[data-shortcut-list] ${ROW}`)];
  if (rows.length === 0) return false;
  const current = selectedRow();
  const index = current ? rows.indexOf(current) : -1;
  const next = rows[index === -1 ? (step === 1 ? 0 : rows.length - 1) : Math.min(Math.max(index + step, 0), rows.length - 1)]!;
  for (const row of rows) row.toggleAttribute('data-selected', row === next);
  next.setAttribute('data-selected', 'true');
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
  return true;
}

/** r / s on an instance page: bring its form into view with the focus on its reason. */
function focusForm(button: string): boolean {
  const submit = document.querySelector<HTMLButtonElement>(`[data-shortcut="${button}"]`);
  if (!submit) return false;
  const target = submit.form?.querySelector<HTMLElement>('[name="reason"]') ?? submit;
  target.scrollIntoView({ block: 'center' });
  target.focus();
  return true;
}

function click(selector: string, within: ParentNode = document): boolean {
  const element = within.querySelector<HTMLElement>(selector);
  if (!element) return false;
  element.click();
  return true;
}

/** Does what `action` asks on the current page; false when the page has nothing for it. */
function perform(action: ShortcutAction, target: EventTarget | null, openHelp: () => void): boolean {
  switch (action) {
    case 'down':
      return moveSelection(1);
    case 'up':
      return moveSelection(-1);
    case 'open': {
      // Only on the row itself: Enter on a link or button inside does what it always does.
      const row = target instanceof HTMLElement && target.matches(ROW) ? target : null;
      return row ? click('[data-shortcut="open"]', row) : false;
    }
    case 'replay': {
      const row = selectedRow();
      if (row) return click('[data-shortcut="row-replay"]', row);
      return focusForm('replay-form');
    }
    case 'skip':
      return focusForm('skip-form');
    case 'edit': {
      const editor = document.querySelector('[data-editor="replay-kwargs"]') ?? document.querySelector('[data-editor]');
      editor?.dispatchEvent(new CustomEvent(EDIT_EVENT));
      return editor !== null;
    }
    case 'submit': {
      // A group that is not a form of its own (the inbox rows' inline replay sits inside the bulk
      // selection form) names its button; otherwise the enclosing form is submitted, checks and all.
      const active = document.activeElement;
      const scope = active?.closest('[data-shortcut-form]');
      if (scope) return click('[data-shortcut-submit]', scope);
      const form = active?.closest('form');
      if (!form) return false;
      form.requestSubmit();
      return true;
    }
    case 'next':
      return click('[data-shortcut="next"]');
    case 'help':
      openHelp();
      return true;
  }
}

/**
 * The dashboard's keyboard shortcuts (components/keyboard/keys.ts) and the `?` dialog that lists
 * them. Mounted once in the root layout; pages mark what the keys act on with data-shortcut
 * attributes (inbox rows, the Replay and Skip buttons, "Next failure →", the kwargs editor).
 */
export function KeyboardShortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const openHelp = () => {
      const element = dialog.current;
      if (!element || element.open) return;
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A dialog (this one, the palette) keeps its keys.
      if (event.target instanceof Element && event.target.closest('dialog[open], [role="dialog"]')) return;
      const action = shortcutFor(event, isTypingTarget(event.target));
      if (action && perform(action, event.target, openHelp)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener(SHOW_SHORTCUTS_EVENT, openHelp);
    // Says the keys listen (before hydration they do nothing): for tests and curious readers.
    document.documentElement.dataset.shortcuts = 'on';
    return () => {
      delete document.documentElement.dataset.shortcuts;
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener(SHOW_SHORTCUTS_EVENT, openHelp);
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      className="m-auto w-full max-w-2xl rounded-lg border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-900/40"
      data-testid="shortcuts-dialog"
      onClose={() => {
        returnTo.current?.focus();
        returnTo.current = null;
      }}
    >
      <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3">
        <h2 id="shortcuts-title" className="text-base font-semibold text-zinc-900">
          Keyboard shortcuts
        </h2>
        <button type="button" onClick={() => dialog.current?.close()} className="rounded px-2 py-1 text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
          Close
        </button>
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">Keys and what they do</caption>
        <tbody>
          {SHORTCUTS.map(({ keys, what }) => (
            <tr key={keys.join()} className="border-b border-zinc-100 last:border-0">
              <th scope="row" className="whitespace-nowrap px-5 py-1.5 text-left font-normal">
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? <span className="px-1 text-zinc-400">/</span> : null}
                    <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-900">{key}</kbd>
                  </span>
                ))}
              </th>
              <td className="px-5 py-1.5 text-zinc-700">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-zinc-200 px-5 py-3 text-xs text-zinc-600">
        Single keys do nothing while you type in a field or the editor. Esc closes this list.
      </p>
    </dialog>
  );
}

/** A button that opens the shortcuts dialog (for those who do not know about `?`). */
export function ShortcutsButton({ className = '' }: { className?: string }) {
  return (
    <button
      type="button"
      className={`text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900 ${className}`}
      onClick={() => window.dispatchEvent(new Event(SHOW_SHORTCUTS_EVENT))}
      aria-keyshortcuts="Shift+?"
    >
      Keyboard shortcuts (?)
    </button>
  );
}
