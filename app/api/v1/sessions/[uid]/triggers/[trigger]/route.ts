import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { serviceProblem } from '@/lib/api/results';
import { fireTrigger, type FireDone } from '@/lib/recovery';

export const dynamic = 'force-dynamic';

const DEFAULT_REASON = 'Fired through the HTTP API';
const answer = ({ uid, trigger, instances, scheduled }: FireDone) => ({ uid, trigger, instances, scheduled });

/**
 * `POST /api/v1/sessions/{uid}/triggers/{trigger}` with the kwargs as the body. With an
 * Idempotency-Key, the answer is stored in the fire's own transaction (see lib/api/idempotency.ts).
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: apiHandler(ENDPOINTS.fireTrigger, async ({ params, query, body, actor, engine, idempotency }) => {
    const input = { uid: params.uid, trigger: params.trigger, kwargs: body, reason: query.reason ?? DEFAULT_REASON, override: query.override };
    const result = await fireTrigger(await engine(), input, actor, {
      alsoInTransaction: idempotency ? (tx, done) => idempotency.remember(tx, 200, answer(done)) : undefined,
    });
    return result.ok ? json(200, answer(result.data)) : serviceProblem(result);
  }),
});
