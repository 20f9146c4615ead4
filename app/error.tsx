'use client';

import { useEffect } from 'react';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;

  return (
    <div className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
      <h1 className="text-base font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-1 text-sm text-red-800">
        The server logged the details{digest ? ` (reference ${digest})` : ''}. If the database is unavailable,
        check <code className="font-mono">/api/health</code>, then try again.
      </p>
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 rounded-md bg-red-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800"
      >
        Try again
      </button>
    </div>
  );
}
