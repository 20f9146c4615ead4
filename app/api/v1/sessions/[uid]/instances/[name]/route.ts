import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { problemResponse } from '@/lib/api/problem';
import { getInstancePage } from '@/lib/sessions';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/sessions/{uid}/instances/{name}`: the instance with its lineage, as the instance page shows it. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.getInstance, async ({ params, privacy }) => {
    const page = await getInstancePage(params.uid, params.name, privacy);
    if (!page.found) {
      return problemResponse('not-found', page.sessionExists ? `No instance named ${params.name} in session ${params.uid}.` : `No session named ${params.uid}.`);
    }
    const { instance, task, createdAt, updatedAt, ancestors, descendants } = page.detail;
    return json(200, { instance, task, createdAt, updatedAt, ancestors, descendants, simulatedKwargs: page.simulatedKwargs });
  }),
});
