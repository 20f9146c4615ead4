import Link from 'next/link';
import { failedHref, nextFailureHref, parseInboxQuery } from '@/lib/failed/url';

/**
 * On an instance page: back to the failed inbox under the filter it was opened with, and on to
 * the next failure under that filter (`n`). `inbox` is the carried filter ('' for the unfiltered
 * inbox); the next failure is found when the link is followed.
 */
export function InboxNav({ uid, name, inbox }: { uid: string; name: string; inbox: string }) {
  return (
    <nav aria-label="Failed inbox" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="inbox-nav">
      <Link href={failedHref(parseInboxQuery(inbox))} className="text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
        ← Failed inbox{inbox ? ' (filtered)' : ''}
      </Link>
      {/* A plain link, found when followed: the client router neither prefetches it (it would pick
          before this one is replayed or skipped) nor reuses the answer of an earlier /failed/next. */}
      <a
        href={nextFailureHref(inbox, uid, name)}
        className="font-medium text-zinc-900 underline underline-offset-4"
        data-shortcut="next"
        aria-keyshortcuts="n"
        data-testid="next-failure"
      >
        Next failure →
      </a>
      <span className="text-xs text-zinc-500">
        Press <kbd className="rounded border border-zinc-300 px-1 font-mono">n</kbd> for the next failure,{' '}
        <kbd className="rounded border border-zinc-300 px-1 font-mono">?</kbd> for every shortcut
      </span>
    </nav>
  );
}
