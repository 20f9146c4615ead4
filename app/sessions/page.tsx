import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { formatDateTime } from '@/lib/format';
import { getSessionsPage } from '@/lib/sessions';

export const metadata: Metadata = { title: 'Sessions' };

export default async function SessionsPage() {
  await connection(); // reads the database: render per request, never at build time
  const { sessions, total } = await getSessionsPage({});

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Each session groups the task instances the engine created for one uid, with the kwargs of every trigger fired so far."
        actions={
          <span className="text-sm text-zinc-500" data-testid="sessions-total">
            {total === 1 ? '1 session' : `${total} sessions`}
          </span>
        }
      />
      {sessions.length === 0 ? (
        <EmptyState title="No sessions yet">
          Sessions appear here as soon as the engine fires its first trigger for a uid. Session
          detail pages, with task instances and their status, are coming next.
        </EmptyState>
      ) : (
        <Card>
          <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
              <tr>
                <th scope="col" className="whitespace-nowrap px-4 py-2.5">Session uid</th>
                <th scope="col" className="whitespace-nowrap px-4 py-2.5">Created</th>
                <th scope="col" className="whitespace-nowrap px-4 py-2.5">Last updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {sessions.map((session) => (
                <tr key={session.uid} className="hover:bg-zinc-50">
                  <td className="whitespace-nowrap px-4 py-2.5 font-mono text-[13px] text-zinc-900">{session.uid}</td>
                  <td className="whitespace-nowrap px-4 py-2.5 text-zinc-600">{formatDateTime(session.createdAt)}</td>
                  <td className="whitespace-nowrap px-4 py-2.5 text-zinc-600">{formatDateTime(session.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </Card>
      )}
    </>
  );
}
