import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ApiReference } from '@/components/api-docs/api-reference';
import { PageHeader } from '@/components/ui/page-header';
import { apiDocsView } from '@/lib/api/docs-view';
import { requirePageUser } from '@/lib/auth/session';
import { API_DOCUMENT_HREF } from '@/lib/routes';

export const metadata: Metadata = { title: 'HTTP API' };

/** The HTTP API's reference, rendered on the server from the same OpenAPI document the API serves. */
export default async function ApiDocsPage() {
  await connection();
  await requirePageUser('read', '/api-docs');
  return (
    <>
      <PageHeader
        title="HTTP API"
        description="Create sessions, fire triggers, read instances and failures, replay and skip — from any service, with an API token. Admins create tokens; a read token reads like a viewer, an operate token also acts like an operator."
      />
      <ApiReference view={apiDocsView()} documentHref={API_DOCUMENT_HREF} />
    </>
  );
}
