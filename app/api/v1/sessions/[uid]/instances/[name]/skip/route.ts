import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { serviceProblem } from '@/lib/api/results';
import { skipInstance } from '@/lib/recovery';

export const dynamic = 'force-dynamic';

/** `POST …/instances/{name}/skip` `{ cascade?, result?, reason, override?, confirmEmpty? }`: the dashboard's skip. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: apiHandler(ENDPOINTS.skipInstance, async ({ params, body, actor, engine }) => {
    const input = {
      uid: params.uid,
      instance: params.name,
      reason: body.reason,
      cascade: body.cascade ?? false,
      simulatedResult: body.result ?? {},
      override: body.override ?? false,
      confirmEmpty: body.confirmEmpty ?? false,
    };
    const result = await skipInstance(await engine(), input, actor);
    return result.ok ? json(200, result.data) : serviceProblem(result);
  }),
});
