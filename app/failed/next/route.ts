import { privacyFor } from '@/lib/auth/payloads';
import { currentUser } from '@/lib/auth/session';
import { findNextFailure } from '@/lib/failed';
import { failedHref, INBOX_PARAM, inboxQuery, instanceFromInboxHref, parseInboxQuery } from '@/lib/failed/url';

export const dynamic = 'force-dynamic';

/** A plain 303 to an app path (never streamed: a page here would sit under /failed's loading UI). */
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path, 'Cache-Control': 'no-store' } });

/**
 * "Next failure →": finds the next-older failed instance under the carried inbox filter when the
 * link is followed (so it is never stale) and goes there, keeping the filter; when none is left,
 * back to the inbox under that filter. Every location is built here from parsed parts.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const inbox = params.get(INBOX_PARAM) ?? '';
  const uid = params.get('uid') ?? '';
  const name = params.get('name') ?? '';
  const user = await currentUser();
  if (!user) return seeOther(`/sign-in?next=${encodeURIComponent(`/failed/next?${new URLSearchParams({ [INBOX_PARAM]: inbox, uid, name })}`)}`);
  const search = parseInboxQuery(inbox);
  const next = await findNextFailure(search, { sessionUid: uid, name }, privacyFor(user), { userId: user.id });
  return seeOther(next ? instanceFromInboxHref(next.sessionUid, next.name, inboxQuery(search)) : failedHref(search));
}
