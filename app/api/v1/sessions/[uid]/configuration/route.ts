import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { serviceProblem } from '@/lib/api/results';
import { configureSession } from '@/lib/sessions/configure';

export const dynamic = 'force-dynamic';

/** `PUT /api/v1/sessions/{uid}/configuration` with the configuration as the body. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  PUT: apiHandler(ENDPOINTS.configureSession, async ({ params, body, actor, engine }) => {
    const result = await configureSession(await engine(), { uid: params.uid, configuration: body }, actor);
    return result.ok ? json(200, result.data) : serviceProblem(result);
  }),
});
