import { connection } from 'next/server';
import { requireApiUser } from '@/lib/auth/session';
import { getInFlightNames } from '@/lib/sessions';

/** The uid as the client encoded it (`encodeURIComponent`): Next passes route params undecoded. */
function decodeUid(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * `GET /api/sessions/[uid]/live`: the names of the session's scheduled or running instances,
 * which live views poll to know when to refresh. An unknown uid has nothing in flight. Never cached.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  await connection();
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const uid = decodeUid((await params).uid);
  // PostgreSQL text cannot hold NUL: no session has one in its uid.
  const inFlight = uid.includes('\u0000') ? [] : await getInFlightNames(uid);
  return Response.json({ inFlight }, { headers: { 'Cache-Control': 'no-store' } });
}
