import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { privacyFor } from '@/lib/auth/payloads';
import { requirePageUser } from '@/lib/auth/session';
import { findNextFailure } from '@/lib/failed';
import { failedHref, INBOX_PARAM, inboxQuery, instanceFromInboxHref, parseInboxQuery } from '@/lib/failed/url';
import { firstParam } from '@/lib/http/search-params';

/**
 * "Next failure →": finds the next-older failed instance under the carried inbox filter when the
 * link is followed (so it is never stale) and goes there, keeping the filter; when none is left,
 * back to the inbox under that filter. Renders nothing itself.
 */
export default async function NextFailurePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const inbox = firstParam(params[INBOX_PARAM]) ?? '';
  const uid = firstParam(params.uid) ?? '';
  const name = firstParam(params.name) ?? '';
  const user = await requirePageUser('read', `/failed/next?${new URLSearchParams({ [INBOX_PARAM]: inbox, uid, name })}`);
  const search = parseInboxQuery(inbox);
  const next = await findNextFailure(search, { sessionUid: uid, name }, privacyFor(user), { userId: user.id });
  redirect(next ? instanceFromInboxHref(next.sessionUid, next.name, inboxQuery(search)) : failedHref(search));
}
