'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';

const NonceContext = createContext<string | undefined>(undefined);

/** This response's CSP nonce, for code that adds <style> elements itself (CodeMirror). */
export function useCspNonce(): string | undefined {
  return useContext(NonceContext);
}

/**
 * Client-side providers for the whole app. TanStack Query is for views that refresh by themselves;
 * `nonce` is the response's CSP nonce (proxy.ts), for styles injected in the browser.
 */
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  // One client per browser tab (not per render, not shared between server requests).
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 1 },
        },
      }),
  );
  return (
    <NonceContext.Provider value={nonce}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </NonceContext.Provider>
  );
}
