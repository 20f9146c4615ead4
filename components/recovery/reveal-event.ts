'use client';

import { useEffect, useState } from 'react';
import type { RevealRequest } from './json-editor';

/** Asked by a schema issue listed elsewhere on the page (the exception panel): show this path in the replay editor. */
const REVEAL_EVENT = 'triggerboard:reveal-kwargs-path';

export function revealKwargsPath(path: string): void {
  window.dispatchEvent(new CustomEvent<string>(REVEAL_EVENT, { detail: path }));
}

/** The latest path asked for, as a request the editor acts on (each ask is new, even for the same path). */
export function useRevealRequests(): RevealRequest | null {
  const [request, setRequest] = useState<RevealRequest | null>(null);
  useEffect(() => {
    let seq = Date.now();
    const listener = (event: Event) => {
      const path = (event as CustomEvent<unknown>).detail;
      if (typeof path === 'string') setRequest({ path, seq: ++seq });
    };
    window.addEventListener(REVEAL_EVENT, listener);
    return () => window.removeEventListener(REVEAL_EVENT, listener);
  }, []);
  return request;
}
