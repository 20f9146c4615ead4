import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { problemResponse } from '@/lib/api/problem';
import { getFailedInbox } from '@/lib/failed';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/failed`: the failed inbox's list, with its filters (lib/failed/url.ts). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.listFailed, async ({ query, privacy, principal }) => {
    // A token is assigned no group: by default it sees every failure, whatever its triage state.
    const search = { ...query, view: undefined, state: query.state ?? 'all', assignee: query.assignee ?? 'anyone' };
    const inbox = await getFailedInbox(search, privacy, new Date(), { userId: principal.tokenId });
    if (inbox.cursorReset) return problemResponse('invalid-cursor', 'The cursor is not one this list made: start from the first page.');
    if (inbox.textTooCommon) {
      return problemResponse('validation', 'The text filter matches too many failures to check against what this token may read: narrow it.', { errors: [{ path: 'query.q', message: 'Too common: narrow it.' }] });
    }
    return json(200, { instances: inbox.rows, nextCursor: inbox.nextCursor, total: inbox.total });
  }),
});
