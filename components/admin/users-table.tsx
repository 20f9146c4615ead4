import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { TimeCell } from '@/components/session/time-cell';
import type { FormAction } from '@/lib/actions/result';
import type { UserSummary } from '@/lib/auth/users';
import { formatDateTime } from '@/lib/format';
import { AccountStatusForm } from './account-status-form';
import { ResetPasswordForm } from './reset-password-form';
import { RoleForm } from './role-form';
import { SignOutUserForm } from './sign-out-user-form';

const { td } = TABLE_CELLS.regular;

const COLUMNS = [
  { label: 'Email' },
  { label: 'Name', width: 'w-32' },
  { label: 'Role', width: 'w-24' },
  { label: 'Status', width: 'w-32' },
  { label: 'Last sign-in', width: 'w-48' },
  // The widest row of controls (the new password and its button) fits without wrapping.
  { label: 'Manage', width: 'w-[23rem]' },
];

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
    <DataTable
      caption="Users, by email"
      columns={COLUMNS}
      rows={users}
      testId="users-table"
      // Fixed columns, so the Manage controls always get their width; emails and names wrap.
      tableClassName="min-w-[60rem] table-fixed"
      renderRow={(user) => {
        const isSelf = user.id === meId;
        const managed = { id: user.id, email: user.email, role: user.role, disabled: user.disabled };
        return (
          <tr key={user.id} data-testid="user-row" data-email={user.email} className={user.disabled ? 'bg-zinc-50 text-zinc-500' : undefined}>
            <th scope="row" className={`${td} font-medium text-zinc-900 [overflow-wrap:anywhere]`}>
              <Email email={user.email} />
              {isSelf ? <span className="ml-1.5 inline-block font-normal text-zinc-500">(you)</span> : null}
            </th>
            <td className={`${td} [overflow-wrap:anywhere]`}>{user.name}</td>
            <td className={td} data-testid="user-row-role">
              {user.role}
            </td>
            <td className={td} data-testid="user-status">
              <UserStatus user={user} now={now} />
            </td>
            <td className={`${td} text-zinc-700`}>
              {user.lastSignInAt ? <TimeCell value={user.lastSignInAt} now={now} stacked /> : <span className="text-zinc-500">never</span>}
            </td>
            <td className={td}>
              <div className="flex flex-col gap-2">
                <RoleForm updateUser={actions.updateUser} user={managed} />
                <AccountStatusForm updateUser={actions.updateUser} user={managed} isSelf={isSelf} />
                <ResetPasswordForm updateUser={actions.updateUser} user={managed} minPasswordLength={minPasswordLength} />
                <SignOutUserForm signOutUser={actions.signOutUser} user={managed} liveSessions={liveSessions.get(user.id) ?? 0} />
              </div>
            </td>
          </tr>
        );
      }}
    />
  );
}

/** An email that may break after its `@` (and anywhere, if it must) rather than widen the table. */
function Email({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}

/** active, disabled, or locked after too many wrong passwords (a password reset lifts the lock). */
function UserStatus({ user, now }: { user: UserSummary; now: Date }) {
  if (user.disabled) {
    return <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-700">disabled</span>;
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    return (
      <span className="inline-block rounded-md bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" title="Too many wrong passwords: sign-ins are refused except from addresses this user signed in from before. Resetting the password lifts the lock.">
        locked until {formatDateTime(user.lockedUntil)}
      </span>
    );
  }
  return <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">active</span>;
}
