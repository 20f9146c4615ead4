import { privacyFor } from '@/lib/auth/payloads';
import { requireApiUser } from '@/lib/auth/session';
import { decodeRouteParam } from '@/lib/http/route-params';
import { getDebugSnapshot } from '@/lib/sessions';

/** A filename safe in any header and file system: the uid with other characters replaced. */
function safeFilename(uid: string): string {
  const base = uid.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150) || 'session';
  return `${base}-snapshot.json`;
}

/** The session's debug snapshot (the store's debugRepr()) as a JSON download. */
export async function GET(_request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const uid = decodeRouteParam((await params).uid);
  const snapshot = await getDebugSnapshot(uid, privacyFor(user));
  if (!snapshot) {
    return Response.json(
      { error: 'not_found', message: `No session has the uid ${JSON.stringify(uid)}.`, uid },
      { status: 404, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const filename = safeFilename(uid);
  return new Response(JSON.stringify(snapshot, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${uid}-snapshot.json`)}`,
      'Cache-Control': 'no-store',
    },
  });
}
