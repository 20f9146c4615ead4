import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { serviceProblem } from '@/lib/api/results';
import { createSession } from '@/lib/sessions/configure';

export const dynamic = 'force-dynamic';

/** `POST /api/v1/sessions` `{ uid, configuration }` → 201. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: apiHandler(ENDPOINTS.createSession, async ({ body, actor, engine }) => {
    const result = await createSession(await engine(), body, actor);
    return result.ok ? json(201, result.data) : serviceProblem(result);
  }),
});
