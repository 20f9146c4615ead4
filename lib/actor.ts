import 'server-only';
import type { ActionResult } from '@/lib/actions/result';
import { currentUser, type SignedInUser } from '@/lib/auth/session';
import { can, refusal, type Permission } from '@/lib/auth/roles';

/**
 * Who is acting, checked on the server for every server action: the signed-in user with the
 * permission, or the typed refusal to return (nothing is changed).
 */
export async function authorizeAction(permission: Permission): Promise<{ user: SignedInUser } | { refused: ActionResult<never> }> {
  const user = await currentUser();
  if (!user) {
    return { refused: { ok: false, code: 'unauthenticated', message: 'You are not signed in (or your session expired): sign in again. Nothing was changed.' } };
  }
  if (!can(user.role, permission)) return { refused: { ok: false, code: 'forbidden', message: `${refusal(user.role, permission)} Nothing was changed.` } };
  return { user };
}
