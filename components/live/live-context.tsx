'use client';

import { createContext, useContext } from 'react';

export interface LiveState {
  /** Instance names whose status just changed (entered or left scheduled/running), for a brief highlight. */
  changed: ReadonlySet<string>;
  /** The session's scheduled or running instances, as last polled. */
  inFlight: readonly string[];
  /** `router.refresh()` is re-rendering the page. */
  refreshing: boolean;
  /** The last poll failed. */
  failing: boolean;
}

export const LiveContext = createContext<LiveState>({ changed: new Set(), inFlight: [], refreshing: false, failing: false });

export function useLive(): LiveState {
  return useContext(LiveContext);
}
