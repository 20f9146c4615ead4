import type { Metadata } from 'next';
import { connection } from 'next/server';
import { createApiTokenAction, revokeApiTokenAction } from './actions';
import { CreateTokenForm } from './create-token-form';
import { TokensTable } from '@/components/admin/tokens-table';
import { Card } from '@/components/ui/card';
import { EmptyNote } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageUser } from '@/lib/auth/session';
import { plural } from '@/lib/format';
import { loadTokensPage } from '@/lib/tokens/admin';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  await connection(); // reads the database and the session cookie: render per request
  await requirePageUser('admin', '/admin/tokens');
  const now = new Date();
  const tokens = await loadTokensPage();
  const live = tokens.filter((token) => !token.revokedAt).length;

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Other services call the HTTP API (/api/v1) with a token: a read token reads like a viewer, an operate token also changes things like an operator. A token is shown once, when it is created; only a hash of it is kept. Changes made with a token name it in the audit log."
        actions={
          <span className="text-sm text-zinc-500" data-testid="tokens-total">
            {plural(live, 'live token')}
          </span>
        }
      />
      {tokens.length === 0 ? (
        <EmptyNote testId="tokens-empty">No API token yet: create one below for each service that calls the API.</EmptyNote>
      ) : (
        <TokensTable tokens={tokens} now={now} revokeToken={revokeApiTokenAction} />
      )}
      <section aria-labelledby="create-token-heading" className="mt-8">
        <h2 id="create-token-heading" className="mb-3 text-lg font-semibold text-zinc-900">
          Create a token
        </h2>
        <Card className="p-5">
          <CreateTokenForm createToken={createApiTokenAction} />
        </Card>
      </section>
    </>
  );
}
