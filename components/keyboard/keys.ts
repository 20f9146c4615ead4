/**
 * The dashboard's keyboard shortcuts: which key does what (pure, so it is unit-tested), and the
 * list the `?` dialog shows. components/keyboard/keyboard-shortcuts.tsx acts on them.
 */
export type ShortcutAction = 'down' | 'up' | 'open' | 'replay' | 'skip' | 'edit' | 'submit' | 'next' | 'help';

/** The parts of a KeyboardEvent the decision needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const PLAIN: Record<string, ShortcutAction> = {
  j: 'down',
  k: 'up',
  Enter: 'open',
  r: 'replay',
  s: 'skip',
  e: 'edit',
  n: 'next',
  '?': 'help',
};

/**
 * What a key press asks for, or null. `typing`: the focus is where keys are text (an input, a
 * textarea, a select, an editable element, the code editor): only Ctrl/Cmd+Enter counts there.
 * Keys held with Ctrl, Cmd or Alt are the browser's (and the palette's), except Ctrl/Cmd+Enter.
 */
export function shortcutFor(press: KeyPress, typing: boolean): ShortcutAction | null {
  if ((press.ctrlKey || press.metaKey) && !press.altKey && press.key === 'Enter') return 'submit';
  if (typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  return Object.hasOwn(PLAIN, press.key) ? (PLAIN[press.key] ?? null) : null;
}

/** Controls whose keys are not text: a shortcut typed while one has the focus still counts. */
const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'color', 'range']);

/** Whether keys pressed on `target` are text for it (so single-key shortcuts must not fire). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.closest('.cm-editor, [contenteditable=""], [contenteditable="true"], textarea, select')) return true;
  return element.tagName === 'INPUT' && !NOT_TEXT_INPUTS.has((element as HTMLInputElement).type);
}

/** Every shortcut, as the `?` dialog lists them (the palette and search are the header's). */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['j', 'k'], what: 'Move the selection down / up the failed inbox' },
  { keys: ['Enter'], what: 'Open the selected failure' },
  { keys: ['r'], what: 'Replay: on an inbox row, its inline replay (asks the reason); on an instance page, the replay form' },
  { keys: ['s'], what: 'Skip: the skip form of an instance page' },
  { keys: ['e'], what: 'Edit the kwargs: focus the replay editor' },
  { keys: ['Ctrl+Enter', '⌘+Enter'], what: 'Submit the form you are in (also from inside the editor)' },
  { keys: ['Esc'], what: 'In the editor: let go of Tab, so the next Tab leaves it (Tab indents inside it)' },
  { keys: ['n'], what: 'Next failure under the same inbox filter' },
  { keys: ['/'], what: 'Search' },
  { keys: ['Ctrl+K', '⌘+K'], what: 'Command palette: jump to a session or instance by uid or name' },
  { keys: ['?'], what: 'This list of shortcuts' },
];
