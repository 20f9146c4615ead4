import { Card } from '@/components/ui/card';
import { TimeCell } from '@/components/session/time-cell';
import type { FormAction } from '@/lib/actions/result';
import type { UserSummary } from '@/lib/auth/users';
import { formatDateTime } from '@/lib/format';
import { AccountStatusForm } from './account-status-form';
import { ResetPasswordForm } from './reset-password-form';
import { RoleForm } from './role-form';
import { SignOutUserForm } from './sign-out-user-form';

const th = 'whitespace-nowrap px-4 py-2.5';
const td = 'px-4 py-3 align-top';

/** Every user with their status and the controls to manage them. Names and emails render as text. */
export function UsersTable({
  users,
  meId,
  now,
  minPasswordLength,
  liveSessions,
  actions,
}: {
  users: UserSummary[];
  meId: string;
  now: Date;
  minPasswordLength: number;
  /** Live sessions per user id (absent: none). */
  liveSessions: ReadonlyMap<string, number>;
  /** The Users page's server actions, for the controls of each row. */
  actions: { updateUser: FormAction; signOutUser: FormAction };
}) {
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="users-table">
          <caption className="sr-only">Users, by email</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className={th}>Email</th>
              <th scope="col" className={th}>Name</th>
              <th scope="col" className={th}>Role</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Last sign-in</th>
              <th scope="col" className={th}>Manage</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {users.map((user) => {
              const isSelf = user.id === meId;
              const managed = { id: user.id, email: user.email, role: user.role, disabled: user.disabled };
              return (
                <tr key={user.id} data-testid="user-row" data-email={user.email} className={user.disabled ? 'bg-zinc-50 text-zinc-500' : undefined}>
                  <th scope="row" className={`${td} whitespace-nowrap font-medium text-zinc-900`}>
                    {user.email}
                    {isSelf ? <span className="ml-1.5 font-normal text-zinc-500">(you)</span> : null}
                  </th>
                  <td className={td}>{user.name}</td>
                  <td className={td} data-testid="user-row-role">{user.role}</td>
                  <td className={`${td} whitespace-nowrap`} data-testid="user-status">
                    <UserStatus user={user} now={now} />
                  </td>
                  <td className={`${td} text-zinc-700`}>
                    {user.lastSignInAt ? <TimeCell value={user.lastSignInAt} now={now} stacked /> : <span className="text-zinc-400">never</span>}
                  </td>
                  <td className={`${td} min-w-[23rem]`}>
                    <div className="flex flex-col gap-2">
                      <RoleForm updateUser={actions.updateUser} user={managed} />
                      <AccountStatusForm updateUser={actions.updateUser} user={managed} isSelf={isSelf} />
                      <ResetPasswordForm updateUser={actions.updateUser} user={managed} minPasswordLength={minPasswordLength} />
                      <SignOutUserForm signOutUser={actions.signOutUser} user={managed} liveSessions={liveSessions.get(user.id) ?? 0} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** active, disabled, or locked after too many wrong passwords (a password reset lifts the lock). */
function UserStatus({ user, now }: { user: UserSummary; now: Date }) {
  if (user.disabled) {
    return <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-700">disabled</span>;
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    return (
      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" title="Too many wrong passwords: sign-ins are refused except from addresses this user signed in from before. Resetting the password lifts the lock.">
        locked until {formatDateTime(user.lockedUntil)}
      </span>
    );
  }
  return <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">active</span>;
}
