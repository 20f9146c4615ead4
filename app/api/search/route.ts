import { connection } from 'next/server';
import { privacyFor } from '@/lib/auth/payloads';
import { requireApiUser } from '@/lib/auth/session';
import { firstParam } from '@/lib/http/search-params';
import { jumpTargets } from '@/lib/search';

/**
 * `GET /api/search?q=…`: the command palette's matches (sessions and failed instances by uid,
 * name or text), as the signed-in user may see them. Bad text answers an empty list. Never cached.
 */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const q = firstParam(new URL(request.url).searchParams.get('q') ?? undefined);
  const items = await jumpTargets(q, privacyFor(user));
  return Response.json({ items }, { headers: { 'Cache-Control': 'no-store' } });
}
