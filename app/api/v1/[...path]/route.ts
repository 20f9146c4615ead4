import { problemResponse } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

/** Any other path under /api/v1: a 404 problem, whatever the method (not an operation: not in the document). */
const notFound = async (request: Request) =>
  problemResponse('not-found', `There is no endpoint ${new URL(request.url).pathname}: see /api/v1/openapi.json.`);

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
