/** Whether a key press happened where typing goes (an input, a textarea, a select, an editor): global shortcuts stay out of it. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.cm-editor')) return true; // CodeMirror's content is contenteditable; its wrapper too
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
