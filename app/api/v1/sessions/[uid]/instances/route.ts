import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { problemResponse } from '@/lib/api/problem';
import { getSessionInstancesPage, InvalidCursorError } from '@/lib/sessions';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/sessions/{uid}/instances?status=&task=&limit=&cursor=`: keyset paged. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.listInstances, async ({ params, query }) => {
    try {
      const page = await getSessionInstancesPage(params.uid, { status: query.status, task: query.task }, { cursor: query.cursor, limit: query.limit });
      return page ? json(200, page) : problemResponse('not-found', `No session named ${params.uid}.`);
    } catch (error) {
      if (error instanceof InvalidCursorError) return problemResponse('invalid-cursor', error.message);
      throw error;
    }
  }),
});
