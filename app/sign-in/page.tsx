import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SignInForm } from './sign-in-form';
import { Card } from '@/components/ui/card';
import { DEMO_USERS, signInPageFacts } from '@/lib/auth/demo-users';
import { landingPath, safeNextPath } from '@/lib/auth/next-path';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  const user = await currentUser();
  if (user) redirect(safeNextPath(next, landingPath(user.role)));
  const { users, demo } = await signInPageFacts();

  return (
    <div className="mx-auto mt-8 max-w-sm">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight text-zinc-900">Sign in</h1>
      <p className="mb-5 text-sm text-zinc-600">Triggerboard is for support staff. Sign in with the account an admin gave you.</p>
      {params['signed-out'] === 'everywhere' ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="signed-out-everywhere">
          You were signed out everywhere: every session of your account has ended.
        </p>
      ) : null}
      <Card className="p-5">
        <SignInForm next={next} />
      </Card>
      {users === 0 ? (
        <p role="status" className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          No account exists yet. On the server, create the first admin with{' '}
          <code className="font-mono text-[13px]">npm run user:create -- --email you@example.com --role admin</code>.
        </p>
      ) : null}
      {demo ? (
        <div className="mt-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="demo-accounts">
          <p className="font-medium">Demo database: these accounts exist</p>
          <ul className="mt-1 space-y-0.5 font-mono text-[13px]">
            {DEMO_USERS.map((u) => (
              <li key={u.email}>
                {u.email} / {u.password} ({u.role})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
