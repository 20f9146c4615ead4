import { connection } from 'next/server';
import { requireApiUser } from '@/lib/auth/session';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { getInFlightNames } from '@/lib/sessions';

/**
 * `GET /api/sessions/[uid]/live`: the names of the session's scheduled or running instances,
 * which live views poll to know when to refresh. An unknown uid has nothing in flight. Never cached.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  await connection();
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const uid = decodeRouteParam((await params).uid);
  const inFlight = hasNul(uid) ? [] : await getInFlightNames(uid);
  return Response.json({ inFlight }, { headers: { 'Cache-Control': 'no-store' } });
}
