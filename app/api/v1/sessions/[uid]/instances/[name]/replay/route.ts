import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { serviceProblem } from '@/lib/api/results';
import { replayInstance } from '@/lib/recovery';

export const dynamic = 'force-dynamic';

/** `POST …/instances/{name}/replay` `{ replacementKwargs?, reason, override? }`: the dashboard's replay. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: apiHandler(ENDPOINTS.replayInstance, async ({ params, body, actor, engine }) => {
    const common = { uid: params.uid, instance: params.name, reason: body.reason, override: body.override ?? false };
    const input = body.replacementKwargs
      ? { ...common, mode: 'replacement' as const, replacementKwargs: body.replacementKwargs }
      : { ...common, mode: 'original' as const };
    const result = await replayInstance(await engine(), input, actor);
    return result.ok ? json(200, result.data) : serviceProblem(result);
  }),
});
