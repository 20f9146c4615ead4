import type { Metadata } from 'next';
import { connection } from 'next/server';
import { signOutUserAction, updateUserAction } from './actions';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from '@/components/admin/users-table';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { requirePageUser } from '@/lib/auth/session';
import { loadUsersPage } from '@/lib/auth/user-admin';
import { plural } from '@/lib/format';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  await connection(); // reads the database and the session cookie: render per request
  const me = await requirePageUser('admin', '/admin/users');
  const now = new Date();
  const { users, liveSessions } = await loadUsersPage(now);

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in to the dashboard, and what they may do. Disabling a user, resetting their password or “Sign out everywhere” ends all their sessions at once. Every change is recorded in the audit log."
        actions={
          <span className="text-sm text-zinc-500" data-testid="users-total">
            {plural(users.length, 'user')}
          </span>
        }
      />
      <UsersTable
        users={users}
        meId={me.id}
        now={now}
        minPasswordLength={MIN_PASSWORD_LENGTH}
        liveSessions={liveSessions}
        actions={{ updateUser: updateUserAction, signOutUser: signOutUserAction }}
      />
      <section aria-labelledby="create-user-heading" className="mt-8">
        <h2 id="create-user-heading" className="mb-3 text-lg font-semibold text-zinc-900">
          Create a user
        </h2>
        <Card className="p-5">
          <CreateUserForm minPasswordLength={MIN_PASSWORD_LENGTH} />
        </Card>
      </section>
    </>
  );
}
