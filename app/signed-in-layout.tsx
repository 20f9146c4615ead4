import type { ReactNode } from 'react';
import { requirePageUser } from '@/lib/auth/session';

/**
 * A layout that checks the user before anything below it renders or streams, so a signed-out
 * request gets a real 307 to the sign-in page even where a loading boundary would otherwise have
 * started the response. Each page still checks its own role (layouts do not re-run on client
 * navigation).
 */
export async function SignedInLayout({ children }: { children: ReactNode }) {
  await requirePageUser('read');
  return <>{children}</>;
}
