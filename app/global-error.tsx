'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import './globals.css';

/**
 * Last-resort boundary: the root layout itself failed, so this renders its own document (no
 * header, no providers). Keeps the message, the log reference and a way to try again.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Error · Triggerboard</title>
        <main className="mx-auto max-w-2xl px-4 py-16">
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
            <h1 className="text-base font-semibold text-red-900">Triggerboard could not start this page</h1>
            <p className="mt-1 text-sm text-red-800">
              The application failed before the page could render. If the database is unavailable, check{' '}
              <a href="/api/health" className="font-mono underline underline-offset-4">
                /api/health
              </a>
              ; otherwise the server logs have the details.
            </p>
            {digest ? (
              <p className="mt-3 text-xs text-red-800">
                Reference for the server logs: <code className="select-all font-mono text-red-900">{digest}</code>
              </p>
            ) : null}
            <div className="mt-5 flex gap-3">
              <button
                type="button"
                onClick={() => retry()}
                className="rounded-md bg-red-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800"
              >
                Try again
              </button>
              <Link href="/sessions" className="self-center text-sm font-medium text-red-900 underline underline-offset-4">
                Back to sessions
              </Link>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
