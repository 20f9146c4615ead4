import { apiHandler, apiRoute, json } from '@/lib/api/handler';
import { ENDPOINTS } from '@/lib/api/endpoints';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document (public: it describes, it holds no data). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: apiHandler(ENDPOINTS.openapi, async () => json(200, openApiDocument())),
});
