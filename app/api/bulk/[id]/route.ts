import { connection } from 'next/server';
import { requireApiUser } from '@/lib/auth/session';
import { getBulkSnapshot } from '@/lib/bulk';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';

/** `GET /api/bulk/[id]`: a bulk operation's state, counts and per-item outcomes, for its progress view. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  await connection();
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const id = decodeRouteParam((await params).id);
  const snapshot = hasNul(id) ? null : await getBulkSnapshot(await getAppEngine(), id);
  if (!snapshot) return Response.json({ error: 'No such bulk operation.' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return Response.json(snapshot, { headers: { 'Cache-Control': 'no-store' } });
}
