import type { ReactNode } from 'react';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { can } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/auth/session';

/**
 * The admin pages: signed in first (a real 307 to sign-in, see SignedInLayout), then the tabs
 * between them. Each page still checks the admin role itself (layouts do not re-run on client
 * navigation).
 */
export default async function Layout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('read');
  return (
    <>
      {can(user.role, 'admin') ? <AdminTabs /> : null}
      {children}
    </>
  );
}
