import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { EmptyState } from '@/components/ui/empty-state';
import { refusal, type Permission } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Not allowed' };

const PERMISSIONS: Permission[] = ['read', 'operate', 'admin'];

/** Where a signed-in user lands when a page needs a role they do not have. */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const user = await requirePageUser('read', '/sessions');
  const need = (await searchParams).need;
  const permission = PERMISSIONS.find((p) => p === need) ?? 'admin';
  return (
    <EmptyState title="You are not allowed to open that page" page>
      {refusal(user.role, permission)}{' '}
      <Link href="/sessions" className="font-medium text-zinc-900 underline underline-offset-4">
        Back to sessions
      </Link>
    </EmptyState>
  );
}
