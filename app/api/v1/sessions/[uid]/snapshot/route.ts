import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { problemResponse } from '@/lib/api/problem';
import { getDebugSnapshot } from '@/lib/sessions';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/sessions/{uid}/snapshot`: the debug snapshot (payloads hidden from read tokens when so configured). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.getSnapshot, async ({ params, privacy }) => {
    const snapshot = await getDebugSnapshot(params.uid, privacy);
    return snapshot ? json(200, snapshot) : problemResponse('not-found', `No session named ${params.uid}.`);
  }),
});
