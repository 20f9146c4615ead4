'use client';

import type { ReactNode } from 'react';
import { useLive } from './live-context';

/**
 * Wraps what shows an instance's status (usually its badge): pulses for a moment after a live
 * refresh changed that instance. Server-rendered children pass straight through.
 */
export function LiveHighlight({ name, children }: { name: string; children: ReactNode }) {
  const changed = useLive().changed.has(name);
  return (
    <span
      data-live-changed={changed ? 'true' : undefined}
      className={`inline-flex rounded-full transition-shadow duration-500 ${changed ? 'animate-pulse ring-2 ring-amber-400 ring-offset-1' : ''}`}
    >
      {children}
    </span>
  );
}
