import { completionStatus } from '@codemirror/autocomplete';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/** What the page says under each code editor, so no keyboard user is left inside it. */
export const EDITOR_KEYS_HINT = 'Tab indents · Esc then Tab to leave · Ctrl+Enter to submit';

/** Dispatched on an editor's wrapper (the `e` shortcut): focus it to edit, Tab indenting at once. */
export const EDIT_EVENT = 'triggerboard:edit';

// "Until the next key that is not Tab" (CodeMirror's tab focus mode): long enough to read the page.
const RELEASE_MS = 10 * 60_000;

/**
 * Keeps CodeMirror's Tab-indents from trapping keyboard users:
 * - Esc releases Tab: the next Tab (or Shift+Tab) leaves the editor, until another key is typed
 *   (CodeMirror's own Esc gives only 2 seconds);
 * - arriving by keyboard (Tab from the control before), Tab passes on through until a key is
 *   typed, so tabbing down a page crosses the editor; a click, or the `e` shortcut, edits at once;
 * - Ctrl/Cmd+Enter submits the editor's form (CodeMirror would insert a blank line).
 */
export function editorKeyboard(): Extension {
  let pointerAt = 0;
  return [
    Prec.highest(
      keymap.of([
        {
          key: 'Mod-Enter',
          run: (view) => {
            const form = view.dom.closest('form');
            if (!form) return false;
            form.requestSubmit();
            return true;
          },
        },
      ]),
    ),
    EditorView.domEventHandlers({
      mousedown: () => {
        pointerAt = Date.now();
        return false;
      },
      keydown: (event, view) => {
        // An open completion list takes Esc for itself (closing it).
        if (event.key === 'Escape' && completionStatus(view.state) === null) {
          // After CodeMirror's own Escape handling, which would release Tab for 2 seconds only.
          queueMicrotask(() => view.setTabFocusMode(RELEASE_MS));
        }
        return false;
      },
      focus: (_event, view) => {
        if (Date.now() - pointerAt > 500) view.setTabFocusMode(RELEASE_MS);
        return false;
      },
    }),
  ];
}
