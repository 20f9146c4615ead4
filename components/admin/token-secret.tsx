'use client';

import { useState } from 'react';
import { primaryButton, secondaryButton } from '@/components/ui/button';

/**
 * A new token's secret, shown once: it lives only in the create form's state (never in the URL,
 * a cookie or a log), so a reload or "Done" forgets it for good.
 */
export function TokenSecret({ name, scope, secret, onDone }: { name: string; scope: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (an http page that is not localhost, a denied permission): select it instead.
      const field = document.getElementById('new-token-secret');
      if (field instanceof HTMLInputElement) field.select();
      setCopied('failed');
    }
  };
  return (
    <section
      aria-labelledby="new-token-heading"
      className="rounded-lg border border-amber-300 bg-amber-50 p-5"
      data-testid="new-token-secret"
    >
      <h3 id="new-token-heading" className="text-base font-semibold text-zinc-900">
        The {scope} token “{name}”: copy it now
      </h3>
      <p className="mt-1 text-sm text-amber-900" data-testid="new-token-warning">
        <strong className="font-semibold">It will not be shown again</strong>: only a hash of it is stored. Put it in the
        service’s secret store; if it is lost, revoke it and create another.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="new-token-secret" className="sr-only">
          The new token
        </label>
        <input
          id="new-token-secret"
          readOnly
          autoFocus // selected at once, ready to copy; and screen readers land on it
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
          autoComplete="off"
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-amber-400"
        />
        <button type="button" className={primaryButton} onClick={() => void copy()}>
          Copy token
        </button>
        <button type="button" className={secondaryButton} onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="mt-2 min-h-5 text-sm text-zinc-700" data-testid="copy-status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused the clipboard: the token is selected, copy it with Ctrl+C (⌘C).' : ''}
      </p>
      <p className="text-xs text-zinc-600">
        Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> to <code className="font-mono">/api/v1</code>.
      </p>
    </section>
  );
}
