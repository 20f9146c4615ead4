import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { problemResponse } from '@/lib/api/problem';
import { getSessionPage } from '@/lib/sessions';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/sessions/{uid}`: the session as the dashboard's session page shows it. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.getSession, async ({ params, privacy }) => {
    const view = await getSessionPage(params.uid, privacy);
    return view ? json(200, view) : problemResponse('not-found', `No session named ${params.uid}.`);
  }),
});
