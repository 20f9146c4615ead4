'use client';

import { useSearchParams, usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { isTypingTarget } from './keys';

/**
 * The header's search box: a plain GET form to /search (works before hydration). `/` focuses
 * it from anywhere on the page, except while typing in a field or an editor.
 */
export function HeaderSearch() {
  const input = useRef<HTMLInputElement>(null);
  const pathname = usePathname();
  const params = useSearchParams();
  const current = pathname === '/search' ? (params.get('q') ?? '') : '';

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <form role="search" aria-label="Sessions and failures" action="/search" method="get" className="relative">
      <input
        ref={input}
        key={current}
        type="search"
        name="q"
        defaultValue={current}
        aria-label="Search"
        aria-keyshortcuts="/"
        maxLength={200}
        placeholder="Search…"
        title="Search sessions and failures by uid, error words, or an email or id in their kwargs"
        className="h-8 w-full rounded-md border border-zinc-300 bg-white pl-2.5 pr-7 text-sm text-zinc-900 placeholder:text-zinc-500 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-300"
      />
      <kbd aria-hidden className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-zinc-300 px-1 text-[11px] text-zinc-600">
        /
      </kbd>
    </form>
  );
}
