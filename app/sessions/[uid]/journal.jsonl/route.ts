import { privacyFor } from '@/lib/auth/payloads';
import { requireApiUser } from '@/lib/auth/session';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { getSessionTimeline, sessionJournalLines } from '@/lib/journal';

/** A filename safe in any header and file system: the uid with other characters replaced. */
function safeFilename(uid: string): string {
  const base = uid.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150) || 'session';
  return `${base}-journal.jsonl`;
}

/** Lines are sent in chunks of about this many characters (not one write per event). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The session's journal as JSON Lines (one event per line, oldest first, with the state each
 * wrote), streamed from the database in batches so a long journal is never held in memory.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  const user = await requireApiUser('read');
  if (user instanceof Response) return user;
  const privacy = privacyFor(user);
  if (privacy.hidePayloads) {
    return Response.json(
      { error: 'The journal export carries kwargs and results, which are hidden from viewers here (HIDE_PAYLOADS_FROM_VIEWERS).' },
      { status: 403, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const uid = decodeRouteParam((await params).uid);
  // PostgreSQL text cannot hold NUL: no session has one in its uid.
  const exists = hasNul(uid) ? null : await getSessionTimeline(uid, privacy, {}, { limit: 1 });
  if (!exists) {
    return Response.json(
      { error: 'not_found', message: `No session has the uid ${JSON.stringify(uid)}.`, uid },
      { status: 404, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const lines = await sessionJournalLines(uid);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = '';
        while (chunk.length < CHUNK_CHARS) {
          const next = await lines.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: stop reading the journal.
      await lines.return(undefined);
    },
  });
  const filename = safeFilename(uid);
  return new Response(body, {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${uid}-journal.jsonl`)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
