import { formatAgo } from '@/components/session/format';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import type { FormAction } from '@/lib/actions/result';
import { formatDateTime } from '@/lib/format';
import type { ApiTokenSummary } from '@/lib/tokens/admin';
import { RevokeTokenForm } from './revoke-token-form';

const { td } = TABLE_CELLS.regular;

const COLUMNS = [
  { label: 'Name' },
  { label: 'Scope', width: 'w-24' },
  { label: 'Created', width: 'w-52' },
  { label: 'Last used', width: 'w-36' },
  { label: 'Status', width: 'w-60' },
];

/** How long ago, with the exact time (UTC) on hover. */
function Ago({ value, now }: { value: Date; now: Date }) {
  const exact = formatDateTime(value);
  return (
    <time dateTime={new Date(value).toISOString()} title={exact} className="whitespace-nowrap">
      {formatAgo(value, now)}
    </time>
  );
}

function ScopeBadge({ scope }: { scope: string }) {
  const tone = scope === 'operate' ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-sky-50 text-sky-900 ring-sky-200';
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{scope}</span>;
}

/** Every API token, live ones first: never a secret (only its first characters). */
export function TokensTable({ tokens, now, revokeToken }: { tokens: ApiTokenSummary[]; now: Date; revokeToken: FormAction }) {
  return (
    <DataTable
      caption="API tokens, live ones first, newest first"
      columns={COLUMNS}
      rows={tokens}
      testId="tokens-table"
      tableClassName="min-w-[52rem] table-fixed"
      renderRow={(token) => (
        <tr
          key={token.id}
          data-testid="token-row"
          data-name={token.name}
          data-state={token.revokedAt ? 'revoked' : 'live'}
          className={token.revokedAt ? 'bg-zinc-50 text-zinc-500' : undefined}
        >
          <th scope="row" className={`${td} font-medium text-zinc-900 [overflow-wrap:anywhere]`}>
            {token.name}
            <span className="block font-mono text-xs font-normal text-zinc-500" title="The token's first characters">
              {token.prefix}…
            </span>
          </th>
          <td className={td}>
            <ScopeBadge scope={token.scope} />
          </td>
          <td className={`${td} text-zinc-700`}>
            <Ago value={token.createdAt} now={now} />
            <span className="block text-xs text-zinc-500 [overflow-wrap:anywhere]">by {token.createdBy}</span>
          </td>
          <td className={`${td} text-zinc-700`} data-testid="token-last-used">
            {token.lastUsedAt ? <Ago value={token.lastUsedAt} now={now} /> : <span className="text-zinc-500">never used</span>}
          </td>
          <td className={td} data-testid="token-status">
            {token.revokedAt ? (
              <>
                <span className="font-medium text-zinc-700">Revoked</span> <Ago value={token.revokedAt} now={now} />
                <span className="block text-xs text-zinc-500 [overflow-wrap:anywhere]">by {token.revokedBy}</span>
              </>
            ) : (
              <div className="flex flex-col gap-1">
                <span className="font-medium text-emerald-800">Live</span>
                <RevokeTokenForm revokeToken={revokeToken} token={{ id: token.id, name: token.name }} />
              </div>
            )}
          </td>
        </tr>
      )}
    />
  );
}
