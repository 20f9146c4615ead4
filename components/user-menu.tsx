import type { SignedInUser } from '@/lib/auth/session';

/** The sign-out server actions (app/sign-in/actions.ts), handed down by the root layout. */
export interface SignOutActions {
  /** This browser. */
  here: () => Promise<void>;
  /** Every session of the account. */
  everywhere: () => Promise<void>;
}

/** Who is signed in, with which role, and the ways out: this browser, or every session at once. */
export function UserMenu({ user, signOut }: { user: SignedInUser; signOut: SignOutActions }) {
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="user-menu">
      <span className="hidden text-right leading-tight sm:block" title={`${user.name} <${user.email}> · ${user.role}`}>
        <span className="block font-medium text-zinc-900">{user.name}</span>
        <span className="block text-xs text-zinc-500">
          {/* The email only where the header has room for it (all five links fit at 1280 px); on hover always. */}
          <span className="hidden 2xl:inline">{user.email} · </span>
          <span data-testid="user-role">{user.role}</span>
        </span>
      </span>
      {/* Stacked, so the header is no wider than with "Sign out" alone. */}
      <div className="flex flex-col items-end gap-0.5">
        <form action={signOut.here}>
          <button type="submit" className="rounded-md border border-zinc-300 bg-white px-2.5 py-0.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50">
            Sign out
          </button>
        </form>
        <form action={signOut.everywhere}>
          <button
            type="submit"
            className="whitespace-nowrap text-[11px] leading-4 font-medium text-zinc-500 underline-offset-2 hover:text-zinc-800 hover:underline"
            title="End every session of your account: other browsers and devices, and this one"
            aria-label="Sign out everywhere"
          >
            {/* Narrow screens: just "everywhere" under "Sign out", no wider than that button. */}
            <span className="sm:hidden">everywhere</span>
            <span className="hidden sm:inline">Sign out everywhere</span>
          </button>
        </form>
      </div>
    </div>
  );
}
