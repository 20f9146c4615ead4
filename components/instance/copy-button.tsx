'use client';

import { useState } from 'react';

/**
 * Copies `text` to the clipboard and says so for a moment, on the button and to screen readers
 * (a polite live region). `what` completes the accessible name when several buttons share a label
 * ("Copy location lib/tasks/x.ts:42:11 to clipboard"); the visible label starts it.
 */
export function CopyButton({ text, label = 'Copy', what, className }: { text: string; label?: string; what?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1_500);
  }
  return (
    <>
      <button
        type="button"
        onClick={copy}
        aria-label={`${label}${what ? ` ${what}` : ''} to clipboard`}
        className={
          className ?? 'rounded border border-zinc-200 bg-white px-2 py-0.5 text-xs font-medium text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900'
        }
      >
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </button>
      <span aria-live="polite" className="sr-only">
        {state === 'copied' ? `Copied${what ? ` ${what}` : ''}` : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </>
  );
}
