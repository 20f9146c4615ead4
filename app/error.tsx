'use client';

import Link from 'next/link';
import { useEffect, useTransition } from 'react';

function describe(error: unknown): { name: string; message: string; digest?: string } {
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;
  if (error instanceof Error) return { name: error.name, message: error.message, digest };
  return { name: 'Error', message: String(error), digest };
}

/**
 * The route's error boundary. Errors thrown on the server arrive with a generic message and a
 * `digest` (the server log has the details under that reference); client errors keep theirs.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const [retrying, startRetry] = useTransition();
  useEffect(() => {
    console.error(error);
  }, [error]);

  const { name, message, digest } = describe(error);
  // Errors from the server carry a digest; in production their message is a placeholder (the
  // real one is in the server log, under the digest), so say something useful instead.
  const fromServer = digest !== undefined && process.env.NODE_ENV === 'production';

  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8" data-testid="error-boundary">
      <h1 className="text-base font-semibold text-red-900">This page could not be loaded</h1>
      {fromServer || !message ? (
        <p className="mt-1 max-w-2xl text-sm text-red-800">
          The server failed while preparing this page. Often the database is unavailable or slow: check{' '}
          <a href="/api/health" className="font-mono underline underline-offset-4">
            /api/health
          </a>{' '}
          and try again.
        </p>
      ) : (
        <p className="mt-1 max-w-2xl whitespace-pre-wrap break-words text-sm text-red-800">
          <span className="font-mono font-semibold">{name}</span>: {message}
        </p>
      )}
      {digest ? (
        <p className="mt-3 text-xs text-red-800">
          Reference for the server logs (quote it in the ticket):{' '}
          <code className="select-all rounded bg-white/70 px-1.5 py-0.5 font-mono text-red-900" data-testid="error-digest">
            {digest}
          </code>
        </p>
      ) : null}
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button
          type="button"
          disabled={retrying}
          onClick={() => startRetry(() => retry())}
          className="rounded-md bg-red-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
        >
          {retrying ? 'Trying again…' : 'Try again'}
        </button>
        <Link href="/sessions" className="text-sm font-medium text-red-900 underline underline-offset-4">
          Back to sessions
        </Link>
      </div>
    </div>
  );
}
