'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { decodeRouteParam } from '@/lib/http/route-params';

/** An unknown session uid: say which uid was looked for, and how to find the right one. */
export default function SessionNotFound() {
  const params = useParams<{ uid: string }>();
  const raw = typeof params?.uid === 'string' ? params.uid : '';
  const uid = decodeRouteParam(raw);
  const prefix = uid.slice(0, 40);
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center" data-testid="session-not-found">
      <h1 className="text-lg font-semibold text-zinc-900">Session not found</h1>
      <p className="mx-auto mt-2 max-w-xl text-sm text-zinc-600">
        No session has the uid{' '}
        <code className="break-all rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px] text-zinc-900">{uid || '(empty)'}</code>. Check
        the uid in the ticket (uids are case-sensitive), or search for it.
      </p>
      <p className="mt-4 flex flex-wrap justify-center gap-4 text-sm">
        {prefix ? (
          <Link
            href={`/sessions?${new URLSearchParams({ q: prefix }).toString()}`}
            className="font-medium text-zinc-900 underline underline-offset-4"
          >
            Search sessions starting with “{prefix}”
          </Link>
        ) : null}
        <Link href="/sessions" className="font-medium text-zinc-900 underline underline-offset-4">
          All sessions
        </Link>
      </p>
    </div>
  );
}
