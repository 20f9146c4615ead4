import type { Role } from '@/lib/auth/roles';

/** What the per-user controls need to know about a user (plain data for client components). */
export interface ManagedUser {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
}

/** Compact inputs for the controls inside a table row. */
export const rowInputClass =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 shadow-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-300 aria-[invalid=true]:border-red-400 disabled:opacity-50';
